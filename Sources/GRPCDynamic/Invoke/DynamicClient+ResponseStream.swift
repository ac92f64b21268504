import DynamicProto

extension DynamicClient {
  /// The responses of a call as an async sequence, for the duration of `body` (server or bidi streaming; works
  /// for any kind).
  ///
  /// The call runs in a child task while `body` consumes ``ResponseStream``; when `body` returns, a call still
  /// running is cancelled. The sequence ends after the last response of an OK call and throws the call's
  /// ``DynamicClientError`` otherwise. Responses are buffered until consumed.
  ///
  /// ```swift
  /// try await client.withResponses("api.orders.OrderService/WatchOrder", json: #"{"orderId": "o-1"}"#) { events in
  ///   for try await event in events { print(event.json) }
  /// }
  /// ```
  public func withResponses<R: Sendable>(
    _ method: String, json: String = "{}", metadata: RPCMetadata = [:], timeout: Duration? = nil,
    _ body: (ResponseStream) async throws -> R
  ) async throws -> R {
    try await withResponses(method, requests: JSONRequests([json]), metadata: metadata, timeout: timeout, body)
  }

  /// ``withResponses(_:json:metadata:timeout:_:)`` with a sequence of requests (client and bidi streaming).
  public func withResponses<Requests: AsyncSequence & Sendable, R: Sendable>(
    _ method: String, requests: Requests, metadata: RPCMetadata = [:], timeout: Duration? = nil,
    _ body: (ResponseStream) async throws -> R
  ) async throws -> R where Requests.Element == String {
    let (stream, continuation) = AsyncThrowingStream<ResponseMessage, any Error>.makeStream()
    let forwarder = StreamingHandler(continuation: continuation)
    return try await withThrowingTaskGroup(of: Void.self, returning: R.self) { group in
      group.addTask {
        do {
          _ = try await self.call(method, requests: requests, metadata: metadata, timeout: timeout, handler: forwarder)
          continuation.finish()
        } catch {
          continuation.finish(throwing: error)
        }
      }
      defer { group.cancelAll() }
      return try await body(stream)
    }
  }
}

/// The responses of a call, in order (see ``DynamicClient/withResponses(_:json:metadata:timeout:_:)``).
public typealias ResponseStream = AsyncThrowingStream<ResponseMessage, any Error>

/// Feeds responses into a stream.
private struct StreamingHandler: InvocationEventHandler {
  let continuation: AsyncThrowingStream<ResponseMessage, any Error>.Continuation
  func onReceiveResponse(_ response: ResponseMessage) { continuation.yield(response) }
}
