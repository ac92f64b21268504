import Synchronization

/// The bounded FIFO between ``SQLiteHistoryStore/record(_:)`` and the writer, with the bookkeeping `flush()`,
/// `close()` and `queueLength` need.
///
/// - Backpressure: up to `capacity` samples wait in the buffer; a producer that finds it full suspends, holding its
///   sample, until the writer takes a batch (producers resume in FIFO order, so samples stay in call order).
///   Nothing is dropped while the store is open; samples recorded after `close()` are counted in `dropped`.
/// - Sequence numbers: `accepted` counts samples that entered the queue, `committed` those whose transaction
///   committed. Batches commit in queue order, so "everything recorded before this flush" is
///   `committed >= accepted-at-flush-time`.
/// - Batches are taken inside the writer connection's serial jobs, so whoever drains (the `run()` loop, a `flush()`
///   or `close()` without a writer) commits in queue order.
final class WriteQueue: Sendable {
  /// How a waiting `flush()` is woken.
  enum FlushWake: Sendable {
    case done
    /// The writer stopped before reaching the target: commit the rest on the caller's behalf.
    case drainYourself
    case failed(any Error)
  }

  /// What the writer loop should do next.
  enum WriterWake: Sendable, Equatable {
    /// Commit; `waited` when the queue was empty and this is the first work since (a quiet writer, which may let
    /// more samples gather before it commits: ``gather(for:batchSize:)``).
    case work(waited: Bool)
    case stop
  }

  private struct State {
    var buffer: [ProbeSample] = []
    var blocked: [(sample: ProbeSample, continuation: CheckedContinuation<Void, Never>)] = []
    var accepted = 0
    var committed = 0
    var dropped = 0
    var closed = false
    var writerRunning = false
    var writerCancelled = false
    var writerWaiter: CheckedContinuation<Void, Never>?
    /// The writer letting samples gather (``gather(for:batchSize:)``), and the buffer size that ends the wait.
    var gatherWaiter: CheckedContinuation<Void, Never>?
    var gatherThreshold = Int.max
    var flushWaiters: [(target: Int, continuation: CheckedContinuation<FlushWake, Never>)] = []
    var stopWaiters: [CheckedContinuation<Void, Never>] = []

    var hasWork: Bool { !buffer.isEmpty || !blocked.isEmpty }

    mutating func takeWriterWaiter() -> CheckedContinuation<Void, Never>? {
      defer { writerWaiter = nil }
      return writerWaiter
    }

    /// Whether a gathering writer should commit now rather than at the end of its delay.
    var isUrgent: Bool {
      closed || writerCancelled || !flushWaiters.isEmpty || !blocked.isEmpty || buffer.count >= gatherThreshold
    }

    /// The writer to wake after a change, if any: an idle one (there is work), or a gathering one when the work
    /// became urgent. A writer gathering samples is not woken per sample.
    mutating func takeWriterToWake() -> CheckedContinuation<Void, Never>? {
      if let waiter = takeWriterWaiter() { return waiter }
      guard gatherWaiter != nil, isUrgent else { return nil }
      defer { gatherWaiter = nil }
      return gatherWaiter
    }
  }

  let capacity: Int
  private let state = Mutex(State())

  init(capacity: Int) {
    precondition(capacity > 0, "queue capacity must be positive")
    self.capacity = capacity
  }

  // MARK: Producers

  /// Adds a sample; suspends while the buffer is full. After `close()` the sample is counted as dropped.
  func enqueue(_ sample: ProbeSample) async {
    // Fast path without a continuation: room in the buffer.
    let (done, wake) = state.withLock { s -> (Bool, CheckedContinuation<Void, Never>?) in
      if s.closed {
        s.dropped += 1
        return (true, nil)
      }
      guard s.blocked.isEmpty, s.buffer.count < capacity else { return (false, nil) }
      s.buffer.append(sample)
      s.accepted += 1
      return (true, s.takeWriterToWake())
    }
    wake?.resume()
    if done { return }
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let (resumeNow, wake) = state.withLock { s -> (Bool, CheckedContinuation<Void, Never>?) in
        if s.closed {
          s.dropped += 1
          return (true, nil)
        }
        s.accepted += 1
        if s.blocked.isEmpty, s.buffer.count < capacity {
          s.buffer.append(sample)
          return (true, s.takeWriterToWake())
        }
        s.blocked.append((sample, continuation))
        return (false, s.takeWriterToWake())
      }
      wake?.resume()
      if resumeNow { continuation.resume() }
    }
  }

  /// Samples accepted and not yet committed (buffered, held by blocked producers, or in the current batch).
  var length: Int { state.withLock { $0.accepted - $0.committed } }

  /// Samples recorded after `close()` and therefore not stored.
  var dropped: Int { state.withLock { $0.dropped } }

  /// The sequence number a flush issued now must reach.
  var acceptedCount: Int { state.withLock { $0.accepted } }

  var committedCount: Int { state.withLock { $0.committed } }

  // MARK: Draining (called inside writer-connection jobs)

  /// Removes up to `max` samples in FIFO order and lets blocked producers move into the freed room.
  func take(max: Int) -> [ProbeSample] {
    let (batch, resumes) = state.withLock { s -> ([ProbeSample], [CheckedContinuation<Void, Never>]) in
      let n = min(max, s.buffer.count)
      var batch = Array(s.buffer.prefix(n))
      s.buffer.removeFirst(n)
      var resumes: [CheckedContinuation<Void, Never>] = []
      while !s.blocked.isEmpty {
        if s.buffer.isEmpty, batch.count < max {
          batch.append(s.blocked[0].sample)
        } else if s.buffer.count < capacity {
          s.buffer.append(s.blocked[0].sample)
        } else {
          break
        }
        resumes.append(s.blocked.removeFirst().continuation)
      }
      return (batch, resumes)
    }
    for continuation in resumes { continuation.resume() }
    return batch
  }

  /// Marks `count` samples (the batch just taken) as committed and wakes the flushes they complete.
  func settle(_ count: Int) {
    let ready = state.withLock { s -> [CheckedContinuation<FlushWake, Never>] in
      s.committed += count
      let committed = s.committed
      let ready = s.flushWaiters.filter { $0.target <= committed }.map(\.continuation)
      s.flushWaiters.removeAll { $0.target <= committed }
      return ready
    }
    for continuation in ready { continuation.resume(returning: .done) }
  }

  /// Puts a batch whose transaction failed back at the front (nothing is lost) and fails the waiting flushes.
  func requeue(_ batch: [ProbeSample], error: any Error) {
    let waiting = state.withLock { s -> [CheckedContinuation<FlushWake, Never>] in
      s.buffer.insert(contentsOf: batch, at: 0)
      defer { s.flushWaiters.removeAll() }
      return s.flushWaiters.map(\.continuation)
    }
    for continuation in waiting { continuation.resume(returning: .failed(error)) }
  }

  // MARK: The writer loop

  /// Registers the `run()` loop; false when the store is already closed (nothing to run).
  func startWriter() throws -> Bool {
    try state.withLock { s in
      if s.writerRunning {
        throw StoreError(.writerAlreadyRunning, "run() is already active: the store has exactly one writer loop")
      }
      if s.closed { return false }
      s.writerRunning = true
      s.writerCancelled = false
      return true
    }
  }

  /// Whether a `run()` loop is registered.
  var isWriterRunning: Bool { state.withLock { $0.writerRunning } }

  /// Waits until there is something to commit (`.work`) or the writer should finish (`.stop`: closed or the
  /// task cancelled).
  func nextWork() async -> WriterWake {
    var waited = false
    while true {
      let now = state.withLock { s -> WriterWake? in
        if s.closed || s.writerCancelled { return .stop }
        return s.hasWork ? .work(waited: waited) : nil
      }
      if let now { return now }
      waited = true
      await withTaskCancellationHandler {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
          let resumeNow = state.withLock { s -> Bool in
            if s.hasWork || s.closed || s.writerCancelled { return true }
            s.writerWaiter = continuation
            return false
          }
          if resumeNow { continuation.resume() }
        }
      } onCancel: {
        state.withLock { s -> CheckedContinuation<Void, Never>? in
          s.writerCancelled = true
          return s.takeWriterWaiter()
        }?.resume()
      }
    }
  }

  /// Lets samples gather for up to `delay` before the writer commits them in one transaction (one wake-up and one
  /// commit per batch rather than per sample on a quiet agent). Returns early when the store closes, a flush waits,
  /// producers are blocked, `batchSize` samples are buffered, or the calling task is cancelled.
  func gather(for delay: Duration, batchSize: Int) async {
    await withTaskGroup(of: Void.self) { group in
      group.addTask { try? await Task.sleep(for: delay) }
      group.addTask { await self.waitUntilUrgent(batchSize: batchSize) }
      await group.next()
      group.cancelAll()
    }
  }

  /// Returns once the writer should commit at once (see ``gather(for:batchSize:)``) or the task is cancelled.
  private func waitUntilUrgent(batchSize: Int) async {
    await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let resumeNow = state.withLock { s -> Bool in
          s.gatherThreshold = batchSize
          if s.isUrgent || Task.isCancelled { return true }
          s.gatherWaiter = continuation
          return false
        }
        if resumeNow { continuation.resume() }
      }
    } onCancel: {
      wakeGatheringWriter(always: true)
    }
    state.withLock { $0.gatherThreshold = .max }
  }

  /// Ends a gathering writer's wait (when the work became urgent, or `always`).
  private func wakeGatheringWriter(always: Bool = false) {
    state.withLock { s -> CheckedContinuation<Void, Never>? in
      guard s.gatherWaiter != nil, always || s.isUrgent else { return nil }
      defer { s.gatherWaiter = nil }
      return s.gatherWaiter
    }?.resume()
  }

  /// Unregisters the `run()` loop; flushes still waiting for it will drain on their own.
  func stopWriter() {
    let (flushes, stops) = state.withLock { s in
      s.writerRunning = false
      defer {
        s.flushWaiters.removeAll()
        s.stopWaiters.removeAll()
      }
      return (s.flushWaiters.map(\.continuation), s.stopWaiters)
    }
    for continuation in flushes { continuation.resume(returning: .drainYourself) }
    for continuation in stops { continuation.resume() }
  }

  // MARK: Flush and close

  /// Waits until `committed >= target`, handing back `.drainYourself` when no writer loop is running.
  func waitCommitted(_ target: Int) async -> FlushWake {
    let immediate = state.withLock { s -> FlushWake? in
      if s.committed >= target { return .done }
      return s.writerRunning ? nil : .drainYourself
    }
    if let immediate { return immediate }
    return await withCheckedContinuation { (continuation: CheckedContinuation<FlushWake, Never>) in
      let immediate = state.withLock { s -> FlushWake? in
        if s.committed >= target { return .done }
        guard s.writerRunning else { return .drainYourself }
        s.flushWaiters.append((target, continuation))
        return nil
      }
      if let immediate { continuation.resume(returning: immediate) } else { wakeGatheringWriter() }
    }
  }

  /// Refuses new samples from now on and wakes the writer so it drains and stops. Returns whether this call
  /// closed the queue (false if it was already closed).
  func close() -> Bool {
    let (first, wake) = state.withLock { s -> (Bool, CheckedContinuation<Void, Never>?) in
      if s.closed { return (false, nil) }
      s.closed = true
      return (true, s.takeWriterToWake())
    }
    wake?.resume()
    return first
  }

  /// Returns once no `run()` loop is active.
  func waitForWriterStop() async {
    guard state.withLock({ $0.writerRunning }) else { return }
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let resumeNow = state.withLock { s -> Bool in
        guard s.writerRunning else { return true }
        s.stopWaiters.append(continuation)
        return false
      }
      if resumeNow { continuation.resume() }
    }
  }
}
