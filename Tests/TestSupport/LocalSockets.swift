import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Loopback sockets that misbehave on purpose: a port nobody listens on, and a listener that never speaks.
public enum LocalSockets {
  /// A port that was free a moment ago (bound, then closed): connecting to it is refused.
  public static func closedPort() throws -> Int {
    let (fd, port) = try bindLoopback()
    close(fd)
    return port
  }

  /// A listening socket that never accepts nor writes: TCP connects (the kernel completes the handshake), then
  /// silence. Close the returned descriptor when done.
  public static func silentListener() throws -> (fd: Int32, port: Int) {
    let (fd, port) = try bindLoopback()
    guard listen(fd, 16) == 0 else {
      close(fd)
      throw PeerError("listen failed: \(errno)")
    }
    return (fd, port)
  }

  private static func bindLoopback() throws -> (Int32, Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw PeerError("socket failed: \(errno)") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else {
      close(fd)
      throw PeerError("bind failed: \(errno)")
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
  }
}
