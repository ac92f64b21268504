import Synchronization
import Testing

@testable import ProbeAgent

@Suite struct DueQueueTests {
  @Test func handsRunsOutInTheOrderTheyCameDue() async {
    let queue = DueQueue<Int>(workerLimit: 4)
    for value in 1...3 { _ = queue.put(value) }
    #expect(queue.waiting == 3)
    var taken: [Int] = []
    for _ in 1...3 { if let value = await queue.take() { taken.append(value) } }
    #expect(taken == [1, 2, 3])
    #expect(queue.waiting == 0)
  }

  @Test func asksForAWorkerOnlyWhileNoneIsIdleAndBelowTheLimit() async {
    let queue = DueQueue<Int>(workerLimit: 2)
    #expect(queue.put(1) == .acceptedStartWorker)
    #expect(queue.put(2) == .acceptedStartWorker)
    #expect(queue.put(3) == .accepted, "the limit is reached: the run waits for a busy worker")
    for _ in 1...3 { _ = await queue.take() }
    // Both workers idle now: a new run goes to one of them, no new worker.
    let taken = await takeWhileParked(queue) { _ in #expect(queue.put(4) == .accepted) }
    #expect(taken == 4)
  }

  @Test func closingEndsIdleWorkersAndDropsWaitingRuns() async {
    let queue = DueQueue<Int>(workerLimit: 2)
    #expect(await takeWhileParked(queue) { _ in queue.close() } == nil)
    #expect(queue.put(1) == .closed)
    #expect(queue.waiting == 0)
    #expect(await queue.take() == nil)
  }

  @Test func aCancelledWorkerClosesTheQueue() async {
    let queue = DueQueue<Int>(workerLimit: 2)
    #expect(await takeWhileParked(queue) { cancelWorker in cancelWorker() } == nil)
    #expect(queue.put(1) == .closed)
  }

  /// Runs one worker's `take()` in a child task, waits until it is parked (at most 10,000 yields), then runs
  /// `action` (given a way to cancel the worker) and returns what the take got.
  private func takeWhileParked(_ queue: DueQueue<Int>, _ action: (_ cancelWorker: () -> Void) -> Void) async -> Int? {
    await withTaskGroup(of: Int?.self) { group in
      group.addTask { await queue.take() }
      var yields = 0
      while queue.idleWorkers == 0 && yields < 10_000 {
        yields += 1
        await Task.yield()
      }
      #expect(queue.idleWorkers == 1, "the worker is parked")
      action { group.cancelAll() }
      return await group.next() ?? nil
    }
  }
}
