import Foundation

/// A blocking HTTP/1.1 client on one keep-alive connection to 127.0.0.1: `GET` only, bodies by Content-Length,
/// chunked encoding or connection close. Used by the agent benchmarks to drive blackbox_exporter's `/probe` and to
/// read `/metrics`; its CPU is the bench process's, not the measured server's.
///
/// Every read and write times out after `timeout` seconds (`SO_RCVTIMEO`/`SO_SNDTIMEO`), so no call blocks forever.
/// Not thread-safe: one connection per thread.
final class BenchHTTPConnection {
  let port: Int
  let timeout: Int
  private var fd: Int32 = -1
  private var buffer: [UInt8] = []

  init(port: Int, timeout: Int = 30) {
    self.port = port
    self.timeout = timeout
  }

  deinit { close() }

  func close() {
    if fd >= 0 { Glibc.close(fd) }
    fd = -1
    buffer = []
  }

  /// `GET path`: the status code and body. Reconnects once when a kept-alive connection was closed by the peer.
  func get(_ path: String) throws -> (status: Int, body: [UInt8]) {
    do {
      return try attempt(path)
    } catch {
      close()
      return try attempt(path)
    }
  }

  private func attempt(_ path: String) throws -> (status: Int, body: [UInt8]) {
    if fd < 0 { try connect() }
    let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: */*\r\n\r\n".utf8)
    var sent = 0
    while sent < request.count {
      let n = request[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      guard n > 0 else { throw BenchError("send to 127.0.0.1:\(port) failed (errno \(errno))") }
      sent += n
    }
    let head = try readHead()
    let lines = head.split(separator: "\r\n")
    guard let statusLine = lines.first, let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
    else { throw BenchError("bad HTTP status line from 127.0.0.1:\(port): \(head.prefix(80))") }
    var length: Int?
    var chunked = false
    var closes = false
    for line in lines.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let name = line[..<colon].lowercased()
      let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces).lowercased()
      if name == "content-length" { length = Int(value) }
      if name == "transfer-encoding" && value.contains("chunked") { chunked = true }
      if name == "connection" && value == "close" { closes = true }
    }
    let body: [UInt8]
    if chunked {
      body = try readChunked()
    } else if let length {
      body = try readExactly(length)
    } else {
      body = try readToEnd()
      closes = true
    }
    if closes { close() }
    return (status, body)
  }

  private func connect() throws {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw BenchError("socket() failed (errno \(errno))") }
    var tv = timeval(tv_sec: timeout, tv_usec: 0)
    setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    var one: Int32 = 1
    setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard result == 0 else {
      Glibc.close(socket)
      throw BenchError("connect to 127.0.0.1:\(port) failed (errno \(errno))")
    }
    fd = socket
  }

  /// Reads more bytes into `buffer`; false at end of stream.
  private func fill() throws -> Bool {
    var chunk = [UInt8](repeating: 0, count: 65_536)
    let n = chunk.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
    if n < 0 { throw BenchError("recv from 127.0.0.1:\(port) failed (errno \(errno))") }
    if n == 0 { return false }
    buffer.append(contentsOf: chunk[..<n])
    return true
  }

  private func readHead() throws -> String {
    let marker: [UInt8] = [13, 10, 13, 10]
    var searchFrom = 0
    for _ in 0..<100_000 {
      if buffer.count >= 4 {
        for i in min(searchFrom, buffer.count - 4)...(buffer.count - 4) where buffer[i..<(i + 4)].elementsEqual(marker) {
          let head = String(decoding: buffer[..<i], as: UTF8.self)
          buffer.removeFirst(i + 4)
          return head
        }
        searchFrom = buffer.count - 3
      }
      guard try fill() else { throw BenchError("127.0.0.1:\(port) closed the connection before a response") }
    }
    throw BenchError("HTTP head from 127.0.0.1:\(port) too long")
  }

  private func readExactly(_ count: Int) throws -> [UInt8] {
    var reads = 0
    while buffer.count < count {
      reads += 1
      guard reads < 1_000_000, try fill() else {
        throw BenchError("127.0.0.1:\(port) closed the connection mid-body")
      }
    }
    let body = Array(buffer[..<count])
    buffer.removeFirst(count)
    return body
  }

  private func readLine() throws -> String {
    for _ in 0..<100_000 {
      if let i = buffer.firstIndex(of: 10) {
        let line = String(decoding: buffer[..<i], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        buffer.removeFirst(i + 1)
        return line
      }
      guard try fill() else { throw BenchError("127.0.0.1:\(port) closed the connection mid-chunk") }
    }
    throw BenchError("chunk header from 127.0.0.1:\(port) too long")
  }

  private func readChunked() throws -> [UInt8] {
    var body: [UInt8] = []
    for _ in 0..<1_000_000 {
      let sizeText = try readLine().split(separator: ";").first.map(String.init) ?? ""
      guard let size = Int(sizeText, radix: 16) else { throw BenchError("bad chunk size '\(sizeText)'") }
      if size == 0 {
        _ = try readLine()
        return body
      }
      body += try readExactly(size)
      _ = try readLine()
    }
    throw BenchError("too many chunks from 127.0.0.1:\(port)")
  }

  private func readToEnd() throws -> [UInt8] {
    for _ in 0..<1_000_000 {
      guard try fill() else { break }
    }
    defer { buffer = [] }
    return buffer
  }
}
