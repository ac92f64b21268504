import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Tells systemd about the agent's state through `$NOTIFY_SOCKET` (`sd_notify(3)`'s protocol): `READY=1`,
/// `RELOADING=1` with `MONOTONIC_USEC`, `STOPPING=1`, `STATUS=...` and `WATCHDOG=1`.
///
/// Every message is one datagram on a unix socket opened for that send (a few microseconds). `NOTIFY_SOCKET` may
/// be a path or an abstract name (`@name`). When the variable is unset (not run by systemd, or `Type=` other
/// than `notify`) every send is a no-op, so callers never need to check ``isEnabled``.
public struct SystemdNotifier: Sendable {
  /// The socket address from `NOTIFY_SOCKET`; nil when notifications are off.
  public let socketPath: String?

  /// - Parameter environment: where `NOTIFY_SOCKET` is read (the process environment by default; tests pass
  ///   their own).
  public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
    let path = environment["NOTIFY_SOCKET"] ?? ""
    socketPath = path.isEmpty ? nil : path
  }

  /// Whether messages go anywhere.
  public var isEnabled: Bool { socketPath != nil }

  /// `READY=1`: startup finished (config loaded, listener bound, probes scheduled).
  public func ready(status: String? = nil) throws { try send(Self.message("READY=1", status: status)) }

  /// `RELOADING=1` with the `MONOTONIC_USEC` that `Type=notify-reload` requires; follow with ``ready(status:)``.
  public func reloading(status: String? = nil) throws {
    try send(Self.message("RELOADING=1\nMONOTONIC_USEC=\(Self.monotonicMicroseconds())", status: status))
  }

  /// `STOPPING=1`: graceful shutdown began.
  public func stopping(status: String? = nil) throws { try send(Self.message("STOPPING=1", status: status)) }

  /// `STATUS=...`: the one-line status `systemctl status` shows.
  public func status(_ text: String) throws { try send("STATUS=\(Self.oneLine(text))") }

  /// `WATCHDOG=1`: the service is alive (see ``WatchdogService``).
  public func watchdog() throws { try send("WATCHDOG=1") }

  /// Sends `state` (newline-separated `KEY=VALUE` assignments) as one datagram.
  public func send(_ state: String) throws {
    guard let socketPath else { return }
    let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw SystemdNotifyError(.socket, path: socketPath, errno: errno) }
    defer { close(fd) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    var pathBytes = Array(socketPath.utf8)
    if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }  // abstract namespace
    let capacity = MemoryLayout.size(ofValue: address.sun_path)
    guard pathBytes.count < capacity else { throw SystemdNotifyError(.pathTooLong, path: socketPath, errno: 0) }
    withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: pathBytes) }
    // Abstract names are exactly as long as given; paths end at their NUL.
    let length = MemoryLayout.offset(of: \sockaddr_un.sun_path)! + pathBytes.count + (pathBytes[0] == 0 ? 0 : 1)
    let bytes = Array(state.utf8)
    let sent = withUnsafePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
        bytes.withUnsafeBytes {
          sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), socketAddress, socklen_t(length))
        }
      }
    }
    guard sent == bytes.count else { throw SystemdNotifyError(.send, path: socketPath, errno: sent < 0 ? errno : 0) }
  }

  /// CLOCK_MONOTONIC in microseconds, the clock systemd compares `MONOTONIC_USEC` with.
  public static func monotonicMicroseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
  }

  private static func message(_ head: String, status: String?) -> String {
    guard let status else { return head }
    return head + "\nSTATUS=" + oneLine(status)
  }

  /// A status value must not contain a newline: it would start a new assignment.
  private static func oneLine(_ text: String) -> String {
    text.replacingOccurrences(of: "\n", with: " ")
  }
}

/// Why a notification could not be sent. systemd treats a service that never says READY=1 as failed to start,
/// so the caller should log this; later messages may still get through.
public struct SystemdNotifyError: Error, CustomStringConvertible, Sendable {
  public enum Code: String, Sendable {
    case socket, pathTooLong, send
  }
  public let code: Code
  public let message: String

  init(_ code: Code, path: String, errno number: Int32) {
    self.code = code
    let reason = number == 0 ? "" : ": " + String(cString: strerror(number))
    switch code {
    case .socket: message = "cannot create a unix datagram socket for NOTIFY_SOCKET\(reason)"
    case .pathTooLong: message = "NOTIFY_SOCKET \(path) is longer than a unix socket address allows"
    case .send: message = "cannot send to NOTIFY_SOCKET \(path)\(reason)"
    }
  }

  public var description: String { message }
}
