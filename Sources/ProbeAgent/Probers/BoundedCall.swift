import GRPCDynamic
import Synchronization

/// One call of an invoke probe: the first response kept, at most `limit` responses taken (the call is cancelled
/// once the limit is reached), and the status as a value — a non-OK status is a result here, not an error.
enum BoundedCall {
  struct Result: Sendable {
    /// The call's status; OK when it was cut at the limit.
    var status: RPCStatus
    /// The first response's JSON.
    var firstResponse: String?
    var responseCount: Int
    /// The call was cancelled after `limit` responses.
    var reachedLimit: Bool
  }

  /// Runs the call.
  ///
  /// - Throws: the client's errors that are not a status (connection, TLS, descriptors, invalid request), and
  ///   `CancellationError`.
  static func run(
    _ client: DynamicClient, method: String, json: String, metadata: RPCMetadata, timeout: Duration, limit: Int
  ) async throws -> Result {
    // Finished when the call ends or the limit is reached, whichever comes first.
    let (finished, done) = AsyncStream<Never>.makeStream()
    let recorder = Recorder(limit: limit, onLimit: { done.finish() })
    let failure = try await withThrowingTaskGroup(of: (any Error)?.self, returning: (any Error)?.self) { group in
      group.addTask {
        defer { done.finish() }
        do {
          _ = try await client.call(method, requests: [json], metadata: metadata, timeout: timeout, handler: recorder)
          return nil
        } catch {
          return error
        }
      }
      // Also ends when this task is cancelled (the probe's deadline).
      for await _ in finished {}
      try Task.checkCancellation()
      if recorder.reachedLimit {
        group.cancelAll()
        return nil
      }
      return try await group.next() ?? nil
    }
    let (first, count) = recorder.snapshot
    if recorder.reachedLimit {
      return Result(status: .ok, firstResponse: first, responseCount: count, reachedLimit: true)
    }
    guard let failure else {
      return Result(status: .ok, firstResponse: first, responseCount: count, reachedLimit: false)
    }
    if let error = failure as? DynamicClientError, error.code == .rpcFailed || error.code == .responseTooLarge,
      let status = error.status
    {
      return Result(status: status, firstResponse: first, responseCount: count, reachedLimit: false)
    }
    throw failure
  }

  /// Keeps the first response and counts them; signals once the limit is reached.
  private final class Recorder: InvocationEventHandler {
    private struct State {
      var first: String?
      var count = 0
    }
    private let state = Mutex(State())
    private let limit: Int
    private let onLimit: @Sendable () -> Void

    init(limit: Int, onLimit: @escaping @Sendable () -> Void) {
      self.limit = limit
      self.onLimit = onLimit
    }

    var snapshot: (first: String?, count: Int) { state.withLock { ($0.first, $0.count) } }
    var reachedLimit: Bool { state.withLock { $0.count >= limit } }

    func onReceiveResponse(_ response: ResponseMessage) {
      let reached = state.withLock { state in
        if state.first == nil { state.first = response.json }
        state.count += 1
        return state.count == limit
      }
      if reached { onLimit() }
    }
  }
}
