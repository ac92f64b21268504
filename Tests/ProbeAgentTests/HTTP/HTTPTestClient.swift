import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A minimal HTTP/1.1 client over a real TCP socket to 127.0.0.1, for driving the agent's listener.
///
/// Each request is one connection (`Connection: close`). The blocking socket work runs on its own thread so a
/// waiting test never holds a thread of the concurrency pool the server's handlers need; every read and write has
/// a timeout, so a hung server fails the test instead of hanging it.
struct HTTPTestClient {
  struct Response {
    var status: Int
    var headers: [String: String]
    var body: String

    func header(_ name: String) -> String? { headers[name.lowercased()] }
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  var port: Int
  var timeoutSeconds = 30

  func get(_ path: String, headers: [String: String] = [:]) async throws -> Response {
    try await send("GET", path, headers: headers)
  }

  func post(_ path: String, body: String = "") async throws -> Response {
    try await send("POST", path, headers: ["Content-Type": "application/json"], body: body)
  }

  func send(_ method: String, _ path: String, headers: [String: String] = [:], body: String = "") async throws
    -> Response
  {
    var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
    for (name, value) in headers { request += "\(name): \(value)\r\n" }
    request += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    let bytes = Array(request.utf8)
    let port = self.port
    let timeout = timeoutSeconds
    let raw: [UInt8] = try await withCheckedThrowingContinuation { continuation in
      let thread = Thread {
        continuation.resume(with: Result { try Self.exchange(bytes, port: port, timeoutSeconds: timeout) })
      }
      thread.start()
    }
    return try Self.parse(raw)
  }

  private static func exchange(_ request: [UInt8], port: Int, timeoutSeconds: Int) throws -> [UInt8] {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
    defer { close(fd) }
    var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { throw Failure(description: "connect to 127.0.0.1:\(port): errno \(errno)") }
    var offset = 0
    while offset < request.count {
      let sent = request[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      guard sent > 0 else { throw Failure(description: "send: errno \(errno)") }
      offset += sent
    }
    var response: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if count == 0 { break }
      guard count > 0 else { throw Failure(description: "recv: errno \(errno) after \(response.count) bytes") }
      response += buffer[0..<count]
    }
    return response
  }

  private static func parse(_ raw: [UInt8]) throws -> Response {
    let separator: [UInt8] = Array("\r\n\r\n".utf8)
    guard let end = (0...(raw.count - 4)).first(where: { Array(raw[$0..<$0 + 4]) == separator }) else {
      throw Failure(description: "no header end in \(raw.count) bytes")
    }
    let head = String(decoding: raw[..<end], as: UTF8.self).components(separatedBy: "\r\n")
    let statusParts = head[0].split(separator: " ")
    guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
      throw Failure(description: "bad status line \(head[0])")
    }
    var headers: [String: String] = [:]
    for line in head.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    var body = Array(raw[(end + 4)...])
    if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
    return Response(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
  }

  private static func dechunk(_ data: [UInt8]) -> [UInt8] {
    var result: [UInt8] = []
    var index = 0
    while index < data.count {
      guard let lineEnd = (index..<data.count - 1).first(where: { data[$0] == 13 && data[$0 + 1] == 10 }),
        let size = Int(String(decoding: data[index..<lineEnd], as: UTF8.self), radix: 16), size > 0
      else { break }
      let start = lineEnd + 2
      result += data[start..<min(start + size, data.count)]
      index = start + size + 2
    }
    return result
  }
}
