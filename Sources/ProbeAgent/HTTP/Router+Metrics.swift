import Hummingbird

extension Router where Context == AgentRequestContext {
  /// `GET /metrics`: the agent's Prometheus text exposition.
  func addMetricsRoutes(render: @escaping @Sendable () -> ByteBuffer) {
    get("/metrics") { _, _ in
      Response.exposition(render())
    }
  }
}

extension Response {
  /// The content type of the Prometheus text format 0.0.4.
  static let expositionContentType = "text/plain; version=0.0.4; charset=utf-8"

  /// A 200 answer carrying a text exposition.
  static func exposition(_ bytes: [UInt8]) -> Response { exposition(ByteBuffer(bytes: bytes)) }

  /// A 200 answer carrying a text exposition already in a buffer.
  static func exposition(_ buffer: ByteBuffer) -> Response {
    Response(status: .ok, headers: [.contentType: expositionContentType], body: ResponseBody(byteBuffer: buffer))
  }

  /// A 200 `OK` plain-text answer.
  static func plainOK() -> Response {
    Response(
      status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: "OK\n")))
  }
}
