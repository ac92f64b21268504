import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A unix datagram socket the test owns and hands to the code under test as `NOTIFY_SOCKET`, playing systemd.
/// A path under /tmp (short enough for `sun_path`), or an abstract name when `abstract` is true.
final class NotifySocket {
  let fd: Int32
  /// The `NOTIFY_SOCKET` value: a path, or `@name`.
  let address: String
  private let path: String?

  init(abstract: Bool = false) throws {
    let name = "rp-notify-\(getpid())-\(UUID().uuidString.prefix(8))"
    fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw Failure("socket: errno \(errno)") }
    var bytes: [UInt8]
    if abstract {
      address = "@" + name
      path = nil
      bytes = [0] + Array(name.utf8)
    } else {
      address = "/tmp/\(name).sock"
      path = address
      bytes = Array(address.utf8)
    }
    var socketAddress = sockaddr_un()
    socketAddress.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &socketAddress.sun_path) { $0.copyBytes(from: bytes) }
    let length = MemoryLayout.offset(of: \sockaddr_un.sun_path)! + bytes.count + (abstract ? 0 : 1)
    let bound = withUnsafePointer(to: &socketAddress) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(length)) }
    }
    guard bound == 0 else {
      close(fd)
      throw Failure("bind \(address): errno \(errno)")
    }
  }

  deinit {
    close(fd)
    if let path { unlink(path) }
  }

  /// The datagrams already queued, without waiting.
  func drain() -> [String] {
    var messages: [String] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
      guard count > 0 else { return messages }
      messages.append(String(decoding: buffer[0..<count], as: UTF8.self))
    }
  }

  /// Collects datagrams until `count` have arrived or `seconds` have passed (polling, never blocking a thread).
  func collect(atLeast count: Int, within seconds: Double) async throws -> [String] {
    var messages: [String] = []
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    while messages.count < count && ContinuousClock.now < deadline {
      messages += drain()
      if messages.count < count { try await Task.sleep(for: .milliseconds(10)) }
    }
    return messages
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }
}
