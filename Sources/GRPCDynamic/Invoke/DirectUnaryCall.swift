import GRPCCore
import GRPCNIOTransportHTTP2

/// One unary exchange in the calling task: on the connection's ``UnaryConnection`` when it has one (plaintext),
/// else straight on its grpc-swift transport: the request's metadata and message written, then the response's
/// headers, message and status read.
///
/// `GRPCClient.unary` runs the same exchange through its executor: a task group per call, the request written by
/// a child task, the response parts re-wrapped into further async sequences. For a single small request those
/// layers cost more CPU than the exchange itself (the agent's health probes make one every few milliseconds).
/// What goes on the wire is the same (the transport writes it), and so are the errors: the transport's, a non-OK
/// status as `RPCError` with the trailers as its metadata, and grpc-swift's own messages for a missing or extra
/// response message.
enum DirectUnaryCall {
  /// A successful exchange.
  struct Response: Sendable {
    var headers: Metadata
    var message: [UInt8]
    var trailers: Metadata
  }

  /// Runs the exchange. `onHeaders` is called when the response headers arrive (also for a call that then fails).
  ///
  /// - Throws: `RPCError` (a non-OK status, the transport's failures), `CancellationError`.
  static func run(
    on connection: PooledConnection, descriptor: MethodDescriptor, metadata: Metadata, request: [UInt8],
    options: CallOptions, onHeaders: (Metadata) -> Void = { _ in }
  ) async throws -> Response {
    if let unary = connection.unary {
      let outcome = try await unary.call(
        path: "/" + descriptor.fullyQualifiedMethod, metadata: metadata, message: request,
        maxResponseBytes: options.maxResponseMessageBytes ?? defaultMaxResponseBytes)
      if let headers = outcome.headers { onHeaders(headers) }
      let trailers = try outcome.result.get()
      guard let message = outcome.message else { throw noMessage }
      return Response(headers: outcome.headers ?? [:], message: message, trailers: trailers)
    }
    return try await connection.transport.withStream(descriptor: descriptor, options: options) { stream, _ in
      try await stream.outbound.write(.metadata(metadata))
      try await stream.outbound.write(.message(GRPCNIOTransportBytes(request)))
      await stream.outbound.finish()
      var headers: Metadata = [:]
      var message: [UInt8]?
      for try await part in stream.inbound {
        switch part {
        case .metadata(let received):
          headers = received
          onHeaders(received)
        case .message(let bytes):
          guard message == nil else {
            throw RPCError(
              code: .unimplemented,
              message: "Multiple messages received, but only one is expected. The server may have incorrectly "
                + "implemented the RPC or the client and server may have a different opinion on whether this "
                + "RPC streams responses.")
          }
          message = bytes.withUnsafeBytes { Array($0) }
        case .status(let status, let trailers):
          if let error = RPCError(status: status, metadata: trailers) { throw error }
          guard let message else { throw noMessage }
          return Response(headers: headers, message: message, trailers: trailers)
        }
      }
      throw RPCError(code: .internalError, message: "The server ended the stream without a status.")
    }
  }

  /// grpc-swift's transport's default limit of a received message.
  static let defaultMaxResponseBytes = 4 << 20

  /// A status OK without a message.
  private static var noMessage: RPCError {
    RPCError(code: .unimplemented, message: "No messages received, exactly one was expected.")
  }
}
