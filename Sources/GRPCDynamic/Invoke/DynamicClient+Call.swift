import DynamicProto
import Synchronization

extension DynamicClient {
  /// Calls any method — unary, server, client or bidirectional streaming — with JSON requests, reporting every
  /// event to `handler` (grpcurl's `InvokeRPC`). The general form behind the other call methods.
  ///
  /// For unary and server-streaming methods `requests` yields at most one message (none sends `{}`).
  ///
  /// - Parameters:
  ///   - method: `pkg.Service/Method` or `pkg.Service.Method`.
  ///   - requests: JSON request messages, consumed as they are sent.
  ///   - metadata: request headers (grpcurl `-H` / `-rpc-header`).
  ///   - timeout: the call's deadline; nil uses ``DynamicClientOptions/timeout``.
  /// - Returns: headers, trailers and the response count, for an OK status.
  /// - Throws: ``DynamicClientError``: `.rpcFailed` with the status for a non-OK status (after
  ///   ``InvocationEventHandler/onReceiveTrailers(_:_:)``), `.invalidRequest` with the JSON path,
  ///   `.responseTooLarge`, `.connectionFailed`, `.tlsFailed`, `.serviceNotFound`, `.methodNotFound`, ...
  public func call<Requests: AsyncSequence & Sendable>(
    _ method: String, requests: Requests, metadata: RPCMetadata = [:], timeout: Duration? = nil,
    handler: some InvocationEventHandler = IgnoringEventHandler()
  ) async throws -> CallSummary where Requests.Element == String {
    let resolved = try await self.method(method)
    handler.onResolveMethod(resolved)
    do {
      let outcome = try await execute(resolved, requests, metadata, timeout, collect: false, handler)
      return summary(resolved, outcome)
    } catch let error as DynamicClientError where Self.provesStale(error) {
      // The requests were consumed: no retry, but the next call sees fresh descriptors.
      invalidateDescriptors()
      throw error
    }
  }

  /// ``call(_:requests:metadata:timeout:handler:)`` with requests known up front. When the call fails with
  /// UNIMPLEMENTED although the method came from cached descriptors, the cache is refreshed and the call retried
  /// once (or `.methodNotFound` thrown if the server no longer has it).
  public func call(
    _ method: String, requests: [String], metadata: RPCMetadata = [:], timeout: Duration? = nil,
    handler: some InvocationEventHandler = IgnoringEventHandler()
  ) async throws -> CallSummary {
    let (resolved, outcome) = try await retryingOnStaleDescriptors(method, handler: handler) { resolved, handler in
      try await execute(resolved, JSONRequests(requests), metadata, timeout, collect: false, handler)
    }
    return summary(resolved, outcome)
  }

  /// Calls a unary method (Python's `DynamicGRPCClient.call`): JSON in, JSON out.
  ///
  /// - Throws: ``DynamicClientError``; `.invalidArgument` when the method is streaming.
  public func invoke(
    _ method: String, json: String = "{}", metadata: RPCMetadata = [:], timeout: Duration? = nil,
    handler: some InvocationEventHandler = IgnoringEventHandler()
  ) async throws -> UnaryResponse {
    let (resolved, outcome) = try await retryingOnStaleDescriptors(method, handler: handler) { resolved, handler in
      guard !resolved.clientStreaming, !resolved.serverStreaming else {
        throw DynamicClientError(
          .invalidArgument, "\(resolved.fullName) is \(resolved.streamingKind); use the streaming call for it")
      }
      return try await execute(resolved, JSONRequests([json]), metadata, timeout, collect: true, handler)
    }
    guard let response = outcome.collected.last else {
      throw DynamicClientError(.invalidResponse, "\(resolved.fullName) returned OK without a response message")
    }
    return UnaryResponse(
      json: response.json, message: response.message, headers: outcome.headers, trailers: outcome.trailers,
      status: .ok)
  }

  /// Calls a unary method by service and method name.
  public func invoke(
    service: String, method: String, json: String = "{}", metadata: RPCMetadata = [:], timeout: Duration? = nil
  ) async throws -> UnaryResponse {
    try await invoke("\(service)/\(method)", json: json, metadata: metadata, timeout: timeout)
  }

  /// Calls a server-streaming method and collects every response.
  public func serverStream(
    _ method: String, json: String = "{}", metadata: RPCMetadata = [:], timeout: Duration? = nil
  ) async throws -> StreamingResponse {
    try await collecting(method, [json], metadata, timeout)
  }

  /// Calls a client-streaming method with a sequence of JSON requests; returns its single response.
  public func clientStream<Requests: AsyncSequence & Sendable>(
    _ method: String, requests: Requests, metadata: RPCMetadata = [:], timeout: Duration? = nil
  ) async throws -> UnaryResponse where Requests.Element == String {
    let collector = CollectingHandler()
    let summary = try await call(method, requests: requests, metadata: metadata, timeout: timeout, handler: collector)
    guard let response = collector.responses.last else {
      throw DynamicClientError(.invalidResponse, "\(method) returned OK without a response message")
    }
    return UnaryResponse(
      json: response.json, message: response.message, headers: summary.headers, trailers: summary.trailers,
      status: .ok)
  }

  /// Calls a client-streaming method with requests known up front.
  public func clientStream(
    _ method: String, requests: [String], metadata: RPCMetadata = [:], timeout: Duration? = nil
  ) async throws -> UnaryResponse {
    try await clientStream(method, requests: JSONRequests(requests), metadata: metadata, timeout: timeout)
  }

  /// Calls a bidirectional-streaming method: requests are sent as the sequence yields them while each response
  /// goes to `handler` as it arrives.
  public func bidiStream<Requests: AsyncSequence & Sendable>(
    _ method: String, requests: Requests, metadata: RPCMetadata = [:], timeout: Duration? = nil,
    handler: some InvocationEventHandler
  ) async throws -> CallSummary where Requests.Element == String {
    try await call(method, requests: requests, metadata: metadata, timeout: timeout, handler: handler)
  }

  /// Calls a bidirectional-streaming method with requests known up front and collects every response.
  public func bidiStream(
    _ method: String, requests: [String], metadata: RPCMetadata = [:], timeout: Duration? = nil
  ) async throws -> StreamingResponse {
    try await collecting(method, requests, metadata, timeout)
  }

  // MARK: Internals

  private func collecting(_ method: String, _ requests: [String], _ metadata: RPCMetadata, _ timeout: Duration?)
    async throws -> StreamingResponse
  {
    let (_, outcome) = try await retryingOnStaleDescriptors(method, handler: IgnoringEventHandler()) {
      resolved, handler in
      try await execute(resolved, JSONRequests(requests), metadata, timeout, collect: true, handler)
    }
    return StreamingResponse(
      json: outcome.collected.map(\.json), messages: outcome.collected.map(\.message), headers: outcome.headers,
      trailers: outcome.trailers, status: .ok)
  }

  func execute<Requests: AsyncSequence & Sendable>(
    _ method: MethodDescriptor, _ requests: Requests, _ metadata: RPCMetadata, _ timeout: Duration?,
    collect: Bool, _ handler: some InvocationEventHandler
  ) async throws -> CallExecutor.Outcome where Requests.Element == String {
    try await pool.withConnection(to: address, options: options.connection) { connection in
      let executor = CallExecutor(
        connection: connection, pool: pool, codec: options.json.codec,
        maxReceiveMessageBytes: options.maxReceiveMessageBytes)
      return try await executor.execute(
        method: method, requests: requests, metadata: metadata, timeout: timeout ?? options.timeout,
        collect: collect, handler: handler)
    }
  }

  private func summary(_ method: MethodDescriptor, _ outcome: CallExecutor.Outcome) -> CallSummary {
    CallSummary(
      method: method, headers: outcome.headers, trailers: outcome.trailers, status: .ok,
      responseCount: outcome.responseCount)
  }

  /// UNIMPLEMENTED for a method found in the descriptors: they may be stale.
  static func provesStale(_ error: DynamicClientError) -> Bool {
    error.code == .rpcFailed && error.status?.code == .unimplemented
  }

  /// Resolves the method and runs `attempt`; when it fails with UNIMPLEMENTED and the descriptors may have come
  /// from the cache, refreshes them and runs it once more.
  private func retryingOnStaleDescriptors<Handler: InvocationEventHandler>(
    _ name: String, handler: Handler,
    _ attempt: (MethodDescriptor, DeferredTrailersHandler<Handler>) async throws -> CallExecutor.Outcome
  ) async throws -> (MethodDescriptor, CallExecutor.Outcome) {
    let (method, cached) = try await methodReportingCache(MethodName(parsing: name))
    handler.onResolveMethod(method)
    let first = DeferredTrailersHandler(handler, deferring: cached)
    do {
      let outcome = try await attempt(method, first)
      return (method, outcome)
    } catch let error as DynamicClientError where cached && Self.provesStale(error) {
      invalidateDescriptors()
      let refreshed: MethodDescriptor
      do {
        refreshed = try await self.method(name)
      } catch {
        first.flush()
        throw error
      }
      let outcome = try await attempt(refreshed, DeferredTrailersHandler(handler, deferring: false))
      return (refreshed, outcome)
    }
  }
}

/// A fixed list of JSON requests as an async sequence.
struct JSONRequests: AsyncSequence, Sendable {
  typealias Element = String
  let items: [String]
  init(_ items: [String]) { self.items = items }

  struct AsyncIterator: AsyncIteratorProtocol {
    var base: IndexingIterator<[String]>
    mutating func next() async -> String? { base.next() }
  }

  func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: items.makeIterator()) }
}

/// Forwards events, holding back an UNIMPLEMENTED status while a retry is still possible.
final class DeferredTrailersHandler<Base: InvocationEventHandler>: InvocationEventHandler {
  private let base: Base
  private let deferring: Bool
  private let held = Mutex<(RPCStatus, RPCMetadata)?>(nil)

  init(_ base: Base, deferring: Bool) {
    self.base = base
    self.deferring = deferring
  }

  func onResolveMethod(_ method: MethodDescriptor) { base.onResolveMethod(method) }
  func onSendHeaders(_ headers: RPCMetadata) { base.onSendHeaders(headers) }
  func onReceiveHeaders(_ headers: RPCMetadata) { base.onReceiveHeaders(headers) }
  func onReceiveResponse(_ response: ResponseMessage) { base.onReceiveResponse(response) }
  func onReceiveTrailers(_ status: RPCStatus, _ trailers: RPCMetadata) {
    if deferring && status.code == .unimplemented {
      held.withLock { $0 = (status, trailers) }
    } else {
      base.onReceiveTrailers(status, trailers)
    }
  }

  /// Delivers a held status (no retry will happen).
  func flush() {
    if let (status, trailers) = held.withLock({ $0 }) { base.onReceiveTrailers(status, trailers) }
  }
}

/// Collects responses (client streaming convenience).
final class CollectingHandler: InvocationEventHandler {
  private let collected = Mutex<[ResponseMessage]>([])
  var responses: [ResponseMessage] { collected.withLock { $0 } }
  func onReceiveResponse(_ response: ResponseMessage) { collected.withLock { $0.append(response) } }
}
