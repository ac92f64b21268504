import GRPCCore
import GRPCNIOTransportHTTP2

/// One unary exchange straight on a connection's transport, in the calling task: the request's metadata and
/// message written, then the response's headers, message and status read.
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
    var message: GRPCNIOTransportBytes
    var trailers: Metadata
  }

  /// Runs the exchange. `onHeaders` is called when the response headers arrive (also for a call that then fails).
  ///
  /// - Throws: `RPCError` (a non-OK status, the transport's failures), `CancellationError`.
  static func run(
    on transport: HTTP2ClientTransport.Posix, descriptor: MethodDescriptor, metadata: Metadata, request: [UInt8],
    options: CallOptions, onHeaders: (Metadata) -> Void = { _ in }
  ) async throws -> Response {
    try await transport.withStream(descriptor: descriptor, options: options) { stream, _ in
      try await stream.outbound.write(.metadata(metadata))
      try await stream.outbound.write(.message(GRPCNIOTransportBytes(request)))
      await stream.outbound.finish()
      var headers: Metadata = [:]
      var message: GRPCNIOTransportBytes?
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
          message = bytes
        case .status(let status, let trailers):
          if let error = RPCError(status: status, metadata: trailers) { throw error }
          guard let message else {
            throw RPCError(code: .unimplemented, message: "No messages received, exactly one was expected.")
          }
          return Response(headers: headers, message: message, trailers: trailers)
        }
      }
      throw RPCError(code: .internalError, message: "The server ended the stream without a status.")
    }
  }
}
