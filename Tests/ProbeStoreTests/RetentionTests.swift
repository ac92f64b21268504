import Foundation
import Testing

@testable import ProbeStore

@Suite(.timeLimit(.minutes(3))) struct RetentionTests {
  @Test func deletesOnlyRowsPastEachResolutionsRetention() async throws {
    let dir = try TemporaryDirectory()
    let now = baseTime.addingTimeInterval(100 * 86400)
    let policy = RetentionPolicy(raw: 3600, minute: 2 * 86400, hour: 10 * 86400)
    let key = ProbeKey(target: "t", probe: "p")
    let bulk = ProbeKey(target: "t", probe: "bulk")
    let bulkCount = SQLiteHistoryStore.retentionBatchSize + 1_500  // more than one delete batch
    try await withRunningStore(dir.path(), retention: policy) { store in
      await store.record(sample(key, now.addingTimeInterval(-30 * 86400)))  // past everything
      await store.record(sample(key, now.addingTimeInterval(-5 * 86400)))  // hour row only
      await store.record(sample(key, now.addingTimeInterval(-2 * 3600)))  // minute and hour rows
      await store.record(sample(key, now.addingTimeInterval(-600)))  // everything kept
      // Old raw rows of another probe, all within one minute and one hour (2 h ago).
      for i in 0..<bulkCount {
        await store.record(sample(bulk, now.addingTimeInterval(-2 * 3600 + Double(i) / 1000)))
      }
      try await store.flush()
      try await store.applyRetention(now: now)
      // Idempotent.
      try await store.applyRetention(now: now)
      let last = try await store.lastSamples()
      #expect(last.count == 2)  // last state outlives raw retention
    }
    let inspector = try Inspector(dir.path())
    #expect(try inspector.count("samples") == 1)
    #expect(try inspector.int("SELECT time_ms FROM samples") == Int(now.addingTimeInterval(-600).unixMilliseconds))
    let minuteBuckets = [-2 * 3600, -600].map { now.addingTimeInterval(Double($0)) }
    #expect(try inspector.count("rollup_minute") == 3)  // p at -2 h and -10 min, bulk at -2 h
    for bucket in minuteBuckets { #expect(try inspector.rollup("rollup_minute", bucket: bucket) != nil) }
    #expect(try inspector.count("rollup_hour", "probe_id = (SELECT id FROM probes WHERE probe = 'p')") == 3)
    #expect(try inspector.rollup("rollup_hour", bucket: now.addingTimeInterval(-30 * 86400)) == nil)
    #expect(
      try inspector.int(
        "SELECT sum(count) FROM rollup_minute WHERE probe_id = (SELECT id FROM probes WHERE probe = 'bulk')")
        == bulkCount)
  }

  @Test func bucketsAreKeptUntilWhollyPastTheCutoff() async throws {
    let dir = try TemporaryDirectory()
    let key = ProbeKey(target: "t", probe: "p")
    // Cutoff at 00:00:30 of a minute: that minute's row (00:00–00:01) still holds newer data and stays.
    let now = baseTime.addingTimeInterval(86400 + 30)
    let policy = RetentionPolicy(raw: 60, minute: 86400, hour: 86400)
    try await withRunningStore(dir.path(), retention: policy) { store in
      await store.record(sample(key, baseTime.addingTimeInterval(-1)))  // previous minute: goes
      await store.record(sample(key, baseTime.addingTimeInterval(10)))  // minute of the cutoff: stays
      try await store.flush()
      try await store.applyRetention(now: now)
    }
    let inspector = try Inspector(dir.path())
    #expect(try inspector.count("rollup_minute") == 1)
    #expect(try inspector.rollup("rollup_minute", bucket: baseTime) != nil)
    #expect(try inspector.count("rollup_hour") == 1)
  }

  @Test func schemaHistoryIsKeptAsLongAsHourRollupsButTheLatestSnapshotAlways() async throws {
    let dir = try TemporaryDirectory()
    let now = baseTime.addingTimeInterval(100 * 86400)
    let policy = RetentionPolicy(raw: 3600, minute: 86400, hour: 10 * 86400)
    let daysAgo = { (days: Double) in now.addingTimeInterval(-days * 86400) }
    try await withRunningStore(dir.path(), retention: policy) { store in
      // Target a: two snapshots past retention, the later its latest. Target b: one past, one recent.
      try await store.saveSnapshot(SchemaSnapshot(target: "a", time: daysAgo(30), hash: "a1", json: "{}"))
      try await store.saveSnapshot(SchemaSnapshot(target: "a", time: daysAgo(20), hash: "a2", json: "{}"))
      try await store.saveSnapshot(SchemaSnapshot(target: "b", time: daysAgo(30), hash: "b1", json: "{}"))
      try await store.saveSnapshot(SchemaSnapshot(target: "b", time: daysAgo(1), hash: "b2", json: "{}"))
      try await store.recordDrift([
        DriftEvent(target: "a", time: daysAgo(20), kind: .breaking, detail: "old"),
        DriftEvent(target: "b", time: daysAgo(1), kind: .additive, detail: "recent"),
      ])
      try await store.applyRetention(now: now)
      #expect(try await store.latestSnapshot(target: "a")?.hash == "a2", "a target's latest snapshot stays")
    }
    let inspector = try Inspector(dir.path())
    #expect(try inspector.count("schema_snapshots") == 2)
    #expect(try inspector.int("SELECT count(*) FROM schema_snapshots WHERE hash IN ('a2', 'b2')") == 2)
    #expect(try inspector.count("drift_events") == 1)
    #expect(try inspector.int("SELECT count(*) FROM drift_events WHERE detail = 'recent'") == 1)
  }
}
