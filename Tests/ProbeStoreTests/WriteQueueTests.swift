import Foundation
import Testing

@testable import ProbeStore

@Suite(.timeLimit(.minutes(2))) struct WriteQueueTests {
  let key = ProbeKey(target: "t", probe: "p")

  @Test func recordWaitsWhenFullUntilTheWriterRuns() async throws {
    let dir = try TemporaryDirectory()
    let store = try SQLiteHistoryStore(path: dir.path(), queueCapacity: 10, batchSize: 4)
    for i in 0..<10 { await store.record(sample(key, baseTime.addingTimeInterval(Double(i)))) }
    #expect(store.queueLength == 10)
    let eleventhReturned = Flag(false)
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        await store.record(sample(key, baseTime.addingTimeInterval(10)))
        eleventhReturned.set(true)
      }
      // The 11th is accepted (counted) but its caller waits for room.
      #expect(await eventually { store.queueLength == 11 })
      try await Task.sleep(for: .milliseconds(300))
      #expect(!eleventhReturned.isSet)

      group.addTask { try await store.run() }
      #expect(await eventually { eleventhReturned.isSet })
      try await store.flush()
      #expect(store.queueLength == 0)
      try await store.close()
      try await group.waitForAll()
    }
    let inspector = try Inspector(dir.path())
    #expect(try inspector.count("samples") == 11)
    // FIFO: rows were inserted in call order.
    #expect(
      try inspector.int("SELECT count(*) FROM samples a JOIN samples b ON b.id = a.id + 1 WHERE b.time_ms < a.time_ms")
        == 0)
  }

  @Test func manyProducersAgainstASmallQueueLoseNothing() async throws {
    let dir = try TemporaryDirectory()
    try await withRunningStore(dir.path(), capacity: 16, batchSize: 8) { store in
      await withTaskGroup(of: Void.self) { group in
        for producer in 0..<8 {
          group.addTask {
            let key = ProbeKey(target: "t", probe: "p\(producer)")
            for i in 0..<250 { await store.record(sample(key, baseTime.addingTimeInterval(Double(i)))) }
          }
        }
      }
      try await store.flush()
    }
    let inspector = try Inspector(dir.path())
    #expect(try inspector.count("samples") == 2_000)
    #expect(try inspector.int("SELECT sum(count) FROM rollup_minute") == 2_000)
  }

  @Test func flushWithoutAWriterCommitsItself() async throws {
    let dir = try TemporaryDirectory()
    let store = try SQLiteHistoryStore(path: dir.path())
    for i in 0..<5 { await store.record(sample(key, baseTime.addingTimeInterval(Double(i)))) }
    try await store.flush()
    #expect(store.queueLength == 0)
    #expect(try Inspector(dir.path()).count("samples") == 5)
    try await store.close()
  }

  @Test func closeFlushesAndEndsRun() async throws {
    let dir = try TemporaryDirectory()
    let store = try SQLiteHistoryStore(path: dir.path())
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await store.run() }
      for i in 0..<100 { await store.record(sample(key, baseTime.addingTimeInterval(Double(i)))) }
      try await store.close()
      try await group.waitForAll()  // run() returned
    }
    #expect(try Inspector(dir.path()).count("samples") == 100)
    // After close: records are counted as dropped, calls fail, run() returns at once.
    await store.record(sample(key, baseTime))
    #expect(store.droppedAfterClose == 1)
    await #expect(throws: StoreError.self) { try await store.lastSamples() }
    try await store.run()
    try await store.close()  // idempotent
  }

  @Test func cancellingRunDrainsWhatIsQueued() async throws {
    let dir = try TemporaryDirectory()
    let store = try SQLiteHistoryStore(path: dir.path())
    for i in 0..<50 { await store.record(sample(key, baseTime.addingTimeInterval(Double(i)))) }
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await store.run() }
      group.cancelAll()
      try await group.waitForAll()
    }
    #expect(store.queueLength == 0)
    // Records after the writer stopped still land, through flush or close.
    await store.record(sample(key, baseTime.addingTimeInterval(60)))
    try await store.close()
    #expect(try Inspector(dir.path()).count("samples") == 51)
  }

  @Test func secondWriterIsRefused() async throws {
    let dir = try TemporaryDirectory()
    try await withRunningStore(dir.path()) { store in
      #expect(await eventually { store.queue.isWriterRunning })
      await #expect { try await store.run() } throws: { ($0 as? StoreError)?.code == .writerAlreadyRunning }
    }
  }
}
