import GRPCCore
import GRPCProtobuf
import GRPCProtos

extension DynamicClient {
  /// `grpc.health.v1.Health/Check` for a service (`""`: the whole server). Needs no descriptors.
  ///
  /// - Throws: ``DynamicClientError``: `.rpcFailed` with NOT_FOUND when the server does not know the service,
  ///   UNIMPLEMENTED when it has no health service, DEADLINE_EXCEEDED, ...; `.connectionFailed`, `.tlsFailed`.
  public func healthCheck(service: String = "", metadata: RPCMetadata = [:], timeout: Duration? = nil) async throws
    -> HealthStatus
  {
    let request = Grpc_Health_V1_HealthCheckRequest.with { $0.service = service }
    return try await withHealthConnection { connection in
      try await CallDeadline.run(timeout ?? self.options.timeout, metadata: metadata.grpcMetadata) { metadata in
        let response = try await DirectUnaryCall.run(
          on: connection, descriptor: Grpc_Health_V1_Health.Method.Check.descriptor, metadata: metadata,
          request: try request.serializedBytes())
        let message = try ProtobufDeserializer<Grpc_Health_V1_HealthCheckResponse>().deserialize(response.message)
        return HealthStatus(number: message.status.rawValue)
      }
    }
  }

  /// `grpc.health.v1.Health/Watch`: calls `onStatus` with the current status and every change, until it returns
  /// `false`, the server ends the stream, or the timeout expires.
  ///
  /// - Throws: as ``healthCheck(service:metadata:timeout:)``; a deadline expiring while watching is `.rpcFailed`
  ///   with DEADLINE_EXCEEDED.
  public func healthWatch(
    service: String = "", metadata: RPCMetadata = [:], timeout: Duration? = nil,
    onStatus: @escaping @Sendable (HealthStatus) async throws -> Bool
  ) async throws {
    let request = Grpc_Health_V1_HealthCheckRequest.with { $0.service = service }
    let options = healthCallOptions()
    try await withHealthConnection { connection in
      try await CallDeadline.run(timeout ?? self.options.timeout, metadata: metadata.grpcMetadata) { metadata in
        try await connection.client.serverStreaming(
          request: ClientRequest(message: request, metadata: metadata),
          descriptor: Grpc_Health_V1_Health.Method.Watch.descriptor,
          serializer: ProtobufSerializer<Grpc_Health_V1_HealthCheckRequest>(),
          deserializer: ProtobufDeserializer<Grpc_Health_V1_HealthCheckResponse>(), options: options
        ) { response in
          for try await message in response.messages {
            if try await !onStatus(HealthStatus(number: message.status.rawValue)) { return }
          }
        }
      }
    }
  }

  /// No `timeout`: ``CallDeadline`` keeps the deadline.
  private func healthCallOptions() -> CallOptions {
    var options = CallOptions.defaults
    options.waitForReady = false
    return options
  }

  private func withHealthConnection<R: Sendable>(
    _ body: @escaping @Sendable (PooledConnection) async throws -> R
  ) async throws -> R {
    try await pool.withConnection(to: address, options: options.connection) { connection in
      do {
        return try await connection.withConnectDeadline(poolRunning: { [pool] in pool.isRunning }) {
          try await body(connection)
        }
      } catch let error as RPCError {
        if let failure = connection.connectionFailure(error) { throw failure }
        let status = RPCStatus(
          code: RPCStatusCode(error.code), message: error.message, trailers: error.metadata, pool: nil)
        throw DynamicClientError(
          .rpcFailed, "grpc.health.v1.Health failed: \(status.code.name): \(error.message)", status: status,
          trailers: RPCMetadata(error.metadata), cause: error)
      }
    }
  }
}
