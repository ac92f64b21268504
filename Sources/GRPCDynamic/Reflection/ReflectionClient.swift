import GRPCCore
import GRPCProtobuf
import GRPCProtos

/// The client side of gRPC server reflection over a pooled connection.
///
/// Speaks `grpc.reflection.v1` and falls back to `v1alpha` when the server answers UNIMPLEMENTED — as the
/// initial response or only as the trailer after headers — or UNAVAILABLE, before any response arrived
/// (grpcurl's rule). The version that worked is remembered per server in the ``ConnectionPool`` and tried first
/// next time. The request headers (grpcurl `-reflect-header`) go on every stream.
public struct ReflectionClient: Sendable {
  let connection: PooledConnection
  let pool: ConnectionPool
  let headers: RPCMetadata
  let timeout: Duration?
  let maxReceiveMessageBytes: Int

  /// A version that the server refused (UNIMPLEMENTED / UNAVAILABLE before any response).
  struct VersionUnsupported: Error {
    var version: ReflectionVersion
    var status: RPCStatus
  }

  private var targetKey: String { connection.key.address.description }

  /// Opens one reflection stream and runs `body` with it; the stream is closed when `body` returns.
  ///
  /// `body` may run twice (once per version) when the first version turns out to be unsupported, so it must not
  /// have effects beyond its lookups.
  ///
  /// - Throws: ``DynamicClientError`` `.reflectionNotSupported` when neither version is served,
  ///   `.connectionFailed`/`.tlsFailed` when the server cannot be reached, `.reflectionFailed` for other stream
  ///   failures, and whatever `body` throws.
  public func withSession<R>(_ body: (ReflectionSession) async throws -> R) async throws -> R {
    var order: [ReflectionVersion] = [.v1, .v1alpha]
    if let known = pool.reflectionVersion(for: targetKey) { order = [known] + order.filter { $0 != known } }
    var refusals: [VersionUnsupported] = []
    for version in order {
      do {
        let result = try await run(version, body)
        pool.remember(version, for: targetKey)
        return result
      } catch let refusal as VersionUnsupported {
        refusals.append(refusal)
      }
    }
    let detail = refusals.map { "\($0.version.rawValue): \($0.status.code.name)" }.joined(separator: ", ")
    throw DynamicClientError(
      .reflectionNotSupported,
      "server \(connection.key.address) does not support the reflection API (\(detail)); "
        + "supply descriptors with -protoset FILE or -proto FILE",
      status: refusals.last?.status, address: connection.key.address.description)
  }

  private func run<R>(_ version: ReflectionVersion, _ body: (ReflectionSession) async throws -> R) async throws -> R {
    let (requests, continuation) = AsyncStream<ReflectionSession.Request>.makeStream()
    let session = ReflectionSession(version: version, requests: continuation) { [self] error, beforeFirst in
      classify(error, beforeFirstResponse: beforeFirst, version: version)
    }
    return try await withThrowingTaskGroup(of: Void.self, returning: R.self) { group in
      group.addTask { await self.runStream(version, requests: requests, session: session) }
      if !connection.probe.everReady {
        group.addTask { await self.failIfNotConnected(session) }
      }
      defer {
        continuation.finish()
        group.cancelAll()
      }
      return try await body(session)
    }
  }

  private func runStream(
    _ version: ReflectionVersion, requests: AsyncStream<ReflectionSession.Request>, session: ReflectionSession
  ) async {
    // No `timeout`: ``CallDeadline`` keeps the deadline (an event-loop timer, not a libdispatch one per stream).
    var options = CallOptions.defaults
    options.maxRequestMessageBytes = maxReceiveMessageBytes
    options.maxResponseMessageBytes = maxReceiveMessageBytes
    options.waitForReady = false
    let (client, callOptions) = (connection.client, options)
    do {
      try await CallDeadline.run(timeout, metadata: headers.grpcMetadata) { metadata in
        let request = StreamingClientRequest(of: ReflectionSession.Request.self, metadata: metadata) { writer in
          for await request in requests { try await writer.write(request) }
        }
        try await client.bidirectionalStreaming(
          request: request, descriptor: version.method,
          serializer: ProtobufSerializer<ReflectionSession.Request>(),
          deserializer: ProtobufDeserializer<ReflectionSession.Response>(), options: callOptions
        ) { response in
          let contents = try response.accepted.get()
          for try await part in contents.bodyParts {
            if case .message(let message) = part { session.deliver(message) }
          }
        }
      }
      session.fail(DynamicClientError(.reflectionFailed, "reflection: the server closed the stream early"))
    } catch {
      session.fail(error)
    }
  }

  private func failIfNotConnected(_ session: ReflectionSession) async {
    do { try await Task.sleep(for: connection.key.options.connectTimeout) } catch { return }
    if !connection.probe.everReady { session.fail(connection.connectTimeoutError(poolRunning: pool.isRunning)) }
  }

  private func classify(_ error: any Error, beforeFirstResponse: Bool, version: ReflectionVersion) -> any Error {
    if error is DynamicClientError { return error }
    guard let rpc = error as? RPCError else {
      if error is CancellationError { return error }
      return DynamicClientError(.reflectionFailed, "reflection failed: \(error)", cause: error)
    }
    if let failure = connection.connectionFailure(rpc) { return failure }
    let status = RPCStatus(code: RPCStatusCode(rpc.code), message: rpc.message, trailers: rpc.metadata, pool: nil)
    if beforeFirstResponse && (rpc.code == .unimplemented || rpc.code == .unavailable) {
      return VersionUnsupported(version: version, status: status)
    }
    return DynamicClientError(
      .reflectionFailed, "reflection (\(version.rawValue)) failed: \(status.code.name): \(rpc.message)",
      status: status, trailers: RPCMetadata(rpc.metadata), address: connection.key.address.description, cause: rpc)
  }
}
