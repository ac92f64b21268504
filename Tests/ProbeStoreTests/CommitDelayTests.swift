import Foundation
import Testing

@testable import ProbeStore

/// A quiet writer lets samples gather for the commit delay, so a steadily probing agent commits (and wakes the
/// writer) once per delay rather than once per sample — without delaying flushes, closes or a full batch.
@Suite(.timeLimit(.minutes(2))) struct CommitDelayTests {
  let key = ProbeKey(target: "t", probe: "p")

  /// Runs a store with `commitDelay` and `batchSize` around `body`; closes it afterwards.
  func withStore(
    _ path: String, commitDelay: Duration, batchSize: Int = 1_000, _ body: (SQLiteHistoryStore) async throws -> Void
  ) async throws {
    let store = try SQLiteHistoryStore(path: path, batchSize: batchSize, commitDelay: commitDelay)
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await store.run() }
      #expect(await eventually { store.queue.isWriterRunning })
      try await body(store)
      try await store.close()
      try await group.waitForAll()
    }
  }

  @Test func samplesGatherUntilTheDelayEndsThenCommitTogether() async throws {
    let dir = try TemporaryDirectory()
    try await withStore(dir.path(), commitDelay: .milliseconds(700)) { store in
      let started = ContinuousClock.now
      for i in 0..<5 { await store.record(sample(key, baseTime.addingTimeInterval(Double(i)))) }
      // Nothing is committed while the first sample's delay runs (unless the machine stalled the test that long).
      try await Task.sleep(for: .milliseconds(100))
      if ContinuousClock.now - started < .milliseconds(600) { #expect(store.queue.committedCount == 0) }
      #expect(await eventually { store.queueLength == 0 })
      #expect(ContinuousClock.now - started >= .milliseconds(700))
    }
    #expect(try Inspector(dir.path()).count("samples") == 5)
  }

  @Test func flushAndCloseDoNotWaitForTheDelay() async throws {
    let dir = try TemporaryDirectory()
    let started = ContinuousClock.now
    try await withStore(dir.path(), commitDelay: .seconds(60)) { store in
      await store.record(sample(key, baseTime))
      try await store.flush()
      #expect(store.queueLength == 0)
      #expect(try Inspector(dir.path()).count("samples") == 1)
      // A second sample starts a new 60 s wait; close() ends it and commits the sample.
      await store.record(sample(key, baseTime.addingTimeInterval(1)))
    }
    #expect(ContinuousClock.now - started < .seconds(30))
    #expect(try Inspector(dir.path()).count("samples") == 2)
  }

  @Test func aFullBatchCommitsWithoutWaiting() async throws {
    let dir = try TemporaryDirectory()
    try await withStore(dir.path(), commitDelay: .seconds(60), batchSize: 10) { store in
      for i in 0..<10 { await store.record(sample(key, baseTime.addingTimeInterval(Double(i)))) }
      #expect(await eventually(within: 20) { store.queueLength == 0 })
    }
    #expect(try Inspector(dir.path()).count("samples") == 10)
  }

  @Test func zeroDelayCommitsEachSampleAtOnce() async throws {
    let dir = try TemporaryDirectory()
    try await withStore(dir.path(), commitDelay: .zero) { store in
      await store.record(sample(key, baseTime))
      #expect(await eventually(within: 20) { store.queueLength == 0 })
    }
    #expect(throws: StoreError.self) { _ = try SQLiteHistoryStore(path: dir.path(), commitDelay: .milliseconds(-1)) }
  }

  @Test func cancellingAGatheringWriterStillCommits() async throws {
    let dir = try TemporaryDirectory()
    let store = try SQLiteHistoryStore(path: dir.path(), commitDelay: .seconds(60))
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await store.run() }
      #expect(await eventually { store.queue.isWriterRunning })
      await store.record(sample(key, baseTime))
      try await Task.sleep(for: .milliseconds(50))
      group.cancelAll()
      try await group.waitForAll()
    }
    #expect(store.queueLength == 0)
    try await store.close()
    #expect(try Inspector(dir.path()).count("samples") == 1)
  }
}
