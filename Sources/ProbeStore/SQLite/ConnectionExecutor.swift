import Dispatch

/// Runs jobs against one connection (and state that goes with it, such as the writer's probe-id cache) on the
/// connection's own serial dispatch queue, and awaits them.
///
/// SQLite calls block: a commit or a long query on one of the Swift concurrency pool's few threads (two on the
/// agent's target machines) would stall every probe's task. Jobs run one at a time, in submission order, so the
/// non-thread-safe context needs no lock of its own. Cost: one queue hop and one continuation per job, which is why
/// the writer hands over whole batches.
final class ConnectionExecutor<Context: AnyObject>: @unchecked Sendable {
  // `@unchecked`: `context` is read and written only on `queue`.
  private let queue: DispatchQueue
  private var context: Context?
  private let name: String

  init(label: String, context: Context) {
    self.queue = DispatchQueue(label: "reflectprobe.store.\(label)")
    self.context = context
    self.name = label
  }

  /// Runs `job` on the queue and returns its result; throws `StoreError.closed` once ``close(_:)`` has run.
  func run<T: Sendable>(_ job: @escaping @Sendable (Context) throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      queue.async {
        guard let context = self.context else {
          continuation.resume(throwing: StoreError(.closed, "the history store is closed (\(self.name) connection)"))
          return
        }
        continuation.resume(with: Result { try job(context) })
      }
    }
  }

  /// Runs a last job (closing the connection), then drops the context: later jobs throw `StoreError.closed`.
  func close(_ last: @escaping @Sendable (Context) -> Void) async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      queue.async {
        if let context = self.context { last(context) }
        self.context = nil
        continuation.resume()
      }
    }
  }
}
