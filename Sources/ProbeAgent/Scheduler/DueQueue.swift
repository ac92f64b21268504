import NIOCore
import Synchronization

/// The scheduler's hand-over point between timers and workers: due runs in, in the order they came due; idle
/// workers out, first come, first served.
///
/// Unbounded in type but bounded in use: a probe has at most one due run outstanding (its next timer is armed only
/// when its run ends), so the queue never holds more entries than there are probes. It also counts the workers and
/// says when a new one is needed: a due run that finds every worker busy, with fewer than `workerLimit` started.
final class DueQueue<Element: Sendable>: Sendable {
  private struct State {
    var items = CircularBuffer<Element>()
    var idle = CircularBuffer<CheckedContinuation<Element?, Never>>()
    var workers = 0
    var closed = false
  }
  /// What ``put(_:)`` did.
  enum PutResult: Equatable {
    /// An idle worker took it, or it waits for one.
    case accepted
    /// It waits, and no worker is idle: start one more (the count is already taken).
    case acceptedStartWorker
    /// The queue is closed: dropped.
    case closed
  }

  private let state = Mutex(State())
  private let workerLimit: Int

  init(workerLimit: Int) { self.workerLimit = max(workerLimit, 1) }

  /// Due runs waiting for a worker.
  var waiting: Int { state.withLock { $0.items.count } }
  /// Workers waiting for a due run.
  var idleWorkers: Int { state.withLock { $0.idle.count } }

  func put(_ element: Element) -> PutResult {
    let (worker, result) = state.withLock { state -> (CheckedContinuation<Element?, Never>?, PutResult) in
      if state.closed { return (nil, .closed) }
      if let worker = state.idle.popFirst() { return (worker, .accepted) }
      state.items.append(element)
      guard state.workers < workerLimit else { return (nil, .accepted) }
      state.workers += 1
      return (nil, .acceptedStartWorker)
    }
    worker?.resume(returning: element)
    return result
  }

  /// The next due run, waiting for one; nil once the queue is closed (or the calling task is cancelled).
  func take() async -> Element? {
    await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Element?, Never>) in
        let now: Element?? = state.withLock { state in
          if let item = state.items.popFirst() { return .some(item) }
          if state.closed || Task.isCancelled { return .some(nil) }
          state.idle.append(continuation)
          return nil
        }
        if let now { continuation.resume(returning: now) }
      }
    } onCancel: {
      close()
    }
  }

  /// Drops the due runs still waiting and ends every worker's ``take()`` with nil.
  func close() {
    let idle = state.withLock { state -> CircularBuffer<CheckedContinuation<Element?, Never>> in
      state.closed = true
      state.items.removeAll()
      defer { state.idle.removeAll() }
      return state.idle
    }
    for worker in idle { worker.resume(returning: nil) }
  }
}
