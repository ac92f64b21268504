import Synchronization

/// A counting semaphore for async code: at most `limit` holders at once, waiters served first come, first served.
///
/// The scheduler's global concurrency limit. Waiting is cancellable: a cancelled waiter leaves the queue and gets
/// `CancellationError`, so a shutdown never hangs on a full semaphore.
public final class AsyncSemaphore: Sendable {
  private struct State {
    var available: Int
    var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    var nextID: UInt64 = 0
  }
  private let state: Mutex<State>

  public init(limit: Int) {
    precondition(limit > 0, "a semaphore needs at least one permit")
    state = Mutex(State(available: limit))
  }

  /// Permits currently free.
  public var available: Int { state.withLock { $0.available } }
  /// Callers waiting for a permit.
  public var waiting: Int { state.withLock { $0.waiters.count } }

  /// Takes a permit, waiting for one when none is free.
  public func acquire() async throws {
    let id = state.withLock { state -> UInt64 in
      state.nextID += 1
      return state.nextID
    }
    try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        let resume: Result<Void, any Error>? = state.withLock { state in
          if Task.isCancelled { return .failure(CancellationError()) }
          if state.available > 0 {
            state.available -= 1
            return .success(())
          }
          state.waiters.append((id, continuation))
          return nil
        }
        if let resume { continuation.resume(with: resume) }
      }
    } onCancel: {
      let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
        guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return state.waiters.remove(at: index).continuation
      }
      waiter?.resume(throwing: CancellationError())
    }
  }

  /// Returns a permit, handing it straight to the longest waiter if there is one.
  public func release() {
    let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
      if state.waiters.isEmpty {
        state.available += 1
        return nil
      }
      return state.waiters.removeFirst().continuation
    }
    waiter?.resume()
  }

  /// Runs `body` holding a permit.
  public func withPermit<T: Sendable>(_ body: () async throws -> T) async throws -> T {
    try await acquire()
    defer { release() }
    return try await body()
  }
}
