import GRPCCore

/// One unary exchange in the calling task, on the connection's ``UnaryConnection``: the request's metadata and
/// message written, then the response's headers, message and status read.
///
/// `GRPCClient.unary` runs the same exchange through its executor (a task group per call, the request written by
/// a child task, the response parts re-wrapped into further async sequences) over an HTTP/2 stream channel per
/// call; for a single small request those layers cost more CPU than the exchange itself (the agent's health probes
/// make one every few milliseconds). What goes on the wire is the same, and so are the errors: a non-OK status as
/// `RPCError` with the trailers as its metadata, grpc-swift's codes and messages for broken streams and a missing
/// or extra response message.
enum DirectUnaryCall {
  /// A successful exchange.
  struct Response: Sendable {
    var headers: Metadata
    var message: [UInt8]
    var trailers: Metadata
  }

  /// Runs the exchange. `onHeaders` is called with the response headers, when there were any, before the call
  /// returns or throws.
  ///
  /// - Parameter maxResponseBytes: larger response messages fail the call with RESOURCE_EXHAUSTED (nil: 4 MiB, the
  ///   default of grpc-swift's transport).
  /// - Throws: `RPCError` (a non-OK status, connection failures), `CancellationError`.
  static func run(
    on connection: PooledConnection, descriptor: MethodDescriptor, metadata: Metadata, request: [UInt8],
    maxResponseBytes: Int? = nil, onHeaders: (Metadata) -> Void = { _ in }
  ) async throws -> Response {
    let outcome = try await connection.unary.call(
      path: "/" + descriptor.fullyQualifiedMethod, metadata: metadata, message: request,
      maxResponseBytes: maxResponseBytes ?? 4 << 20)
    if let headers = outcome.headers { onHeaders(headers) }
    let trailers = try outcome.result.get()
    guard let message = outcome.message else {
      throw RPCError(code: .unimplemented, message: "No messages received, exactly one was expected.")
    }
    return Response(headers: outcome.headers ?? [:], message: message, trailers: trailers)
  }
}
