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
    await withTaskGroup(of: Int?.self) { group in
      group.addTask { await queue.take() }
      while queue.idleWorkers == 0 { await Task.yield() }
      #expect(queue.put(4) == .accepted)
      #expect(await group.next()! == 4)
    }
  }

  @Test func closingEndsIdleWorkersAndDropsWaitingRuns() async {
    let queue = DueQueue<Int>(workerLimit: 2)
    await withTaskGroup(of: Int?.self) { group in
      group.addTask { await queue.take() }
      while queue.idleWorkers == 0 { await Task.yield() }
      queue.close()
      #expect(await group.next()! == nil)
    }
    #expect(queue.put(1) == .closed)
    #expect(queue.waiting == 0)
    #expect(await queue.take() == nil)
  }

  @Test func aCancelledWorkerClosesTheQueue() async {
    let queue = DueQueue<Int>(workerLimit: 2)
    await withTaskGroup(of: Int?.self) { group in
      group.addTask { await queue.take() }
      while queue.idleWorkers == 0 { await Task.yield() }
      group.cancelAll()
      #expect(await group.next()! == nil)
    }
    #expect(queue.put(1) == .closed)
  }
}
