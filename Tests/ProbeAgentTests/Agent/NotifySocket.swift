import Foundation

/// A unix datagram socket the test owns, passed to the agent as `NOTIFY_SOCKET`: collects what it tells systemd.
final class NotifySocket {
  let path: String
  private let fd: Int32
  private(set) var messages: [String] = []

  init(directory: URL) throws {
    path = directory.appendingPathComponent("notify.sock").path
    fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
    guard fd >= 0 else { throw PeerError("socket: errno \(errno)") }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { buffer in
      buffer.copyBytes(from: Array(path.utf8) + [0])
    }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard bound == 0 else { throw PeerError("bind \(path): errno \(errno)") }
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
  }

  deinit {
    close(fd)
    unlink(path)
  }

  /// Reads every datagram waiting now.
  func drain() {
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = recv(fd, &buffer, buffer.count, 0)
      guard count > 0 else { return }
      messages.append(String(decoding: buffer[0..<count], as: UTF8.self))
    }
  }

  /// Waits (bounded) until a message containing `line` (a whole `KEY=VALUE` line) has arrived after `index`;
  /// returns that message's index.
  @discardableResult
  func waitFor(_ line: String, after index: Int = -1, within timeout: Duration = .seconds(20)) async throws -> Int {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      drain()
      if let found = messages.indices.first(where: {
        $0 > index && messages[$0].split(separator: "\n").contains(Substring(line))
      }) {
        return found
      }
      try await Task.sleep(for: .milliseconds(20))
    }
    throw PeerError("no \(line) within \(timeout); got \(messages)")
  }
}
