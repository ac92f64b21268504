import Synchronization
import Testing

@testable import ProbeAgent

private final class Box: Sendable {
  let state = Mutex((now: 0, peak: 0))
  func withLock<T>(_ body: (inout (now: Int, peak: Int)) -> T) -> T { state.withLock { body(&$0) } }
}

@Suite struct AsyncSemaphoreTests {
  @Test func neverLetsMoreThanTheLimitIn() async throws {
    let semaphore = AsyncSemaphore(limit: 3)
    let inside = Box()
    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<30 {
        group.addTask {
          try await semaphore.withPermit {
            inside.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) }
            try await Task.sleep(for: .milliseconds(5))
            inside.withLock { $0.now -= 1 }
          }
        }
      }
      try await group.waitForAll()
    }
    #expect(inside.withLock { $0.peak } == 3)
    #expect(semaphore.available == 3)
  }

  @Test func aCancelledWaiterLeavesTheQueue() async throws {
    let semaphore = AsyncSemaphore(limit: 1)
    try await semaphore.acquire()
    let waiter = Task { try await semaphore.acquire() }
    for _ in 0..<200 where semaphore.waiting == 0 { try await Task.sleep(for: .milliseconds(5)) }
    #expect(semaphore.waiting == 1)
    waiter.cancel()
    await #expect(throws: CancellationError.self) { try await waiter.value }
    #expect(semaphore.waiting == 0)
    semaphore.release()
    #expect(semaphore.available == 1)
  }
}
