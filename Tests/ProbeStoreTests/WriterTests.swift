import Foundation
import Testing

@testable import ProbeStore

@Suite(.timeLimit(.minutes(2))) struct WriterTests {
  let api = ProbeKey(target: "api", probe: "health")
  let db = ProbeKey(target: "db", probe: "get-user")

  @Test func rowCountsMatchRecords() async throws {
    let dir = try TemporaryDirectory()
    try await withRunningStore(dir.path(), batchSize: 64) { store in
      for i in 0..<1_000 {
        await store.record(
          sample(i.isMultiple(of: 3) ? db : api, baseTime.addingTimeInterval(Double(i)), success: i % 7 != 0))
      }
      try await store.flush()
      #expect(store.queueLength == 0)
    }
    let inspector = try Inspector(dir.path())
    #expect(try inspector.count("samples") == 1_000)
    #expect(try inspector.count("probes") == 2)
    #expect(try inspector.count("last_samples") == 2)
    #expect(try inspector.int("SELECT sum(count) FROM rollup_minute") == 1_000)
    #expect(try inspector.int("SELECT sum(count) FROM rollup_hour") == 1_000)
    #expect(try inspector.int("SELECT sum(successes) FROM rollup_hour") == 1_000 - 143)
    #expect(try inspector.count("samples", "success = 1") == 1_000 - 143)
  }

  @Test func rollupsAcrossMinuteAndHourBoundaries() async throws {
    let dir = try TemporaryDirectory()
    let t = baseTime.addingTimeInterval(3600)  // 01:00:00
    try await withRunningStore(dir.path()) { store in
      // Two transactions: the UPSERT must add to existing rows.
      await store.record(sample(api, t.addingTimeInterval(-30), latency: 0.003))  // 00:59:30, bucket 0
      await store.record(
        sample(api, t.addingTimeInterval(-10), success: false, latency: 0.2, code: 14, error: "unavailable"))
      try await store.flush()
      await store.record(sample(api, t.addingTimeInterval(10), latency: 1.0))  // 01:00:10, le 1 → b7
      await store.record(sample(api, t.addingTimeInterval(40), latency: 20))  // +Inf → b11
      await store.record(sample(api, t.addingTimeInterval(65), latency: 0.005))  // 01:01:05, le 0.005 → b0
      await store.record(sample(db, t.addingTimeInterval(5), latency: 0.05))  // another probe, same minute
      try await store.flush()
    }
    let inspector = try Inspector(dir.path())
    func bucketCounts(_ pairs: [Int: Int]) -> [Int] { (0..<12).map { pairs[$0] ?? 0 } }

    let m0059 = try #require(try inspector.rollup("rollup_minute", bucket: t.addingTimeInterval(-60)))
    #expect(m0059.counts == [2, 1] + bucketCounts([0: 1, 5: 1]))
    #expect(abs(m0059.sum - 0.203) < 1e-9)
    #expect(m0059.min == 0.003)
    #expect(m0059.max == 0.2)

    let m0100 = try #require(
      try inspector.connection.scalarInt(
        """
        SELECT count FROM rollup_minute r JOIN probes p ON p.id = r.probe_id
        WHERE p.target = 'api' AND bucket = \(Int(t.timeIntervalSince1970))
        """))
    #expect(m0100 == 2)
    #expect(try inspector.count("rollup_minute") == 4)  // api 00:59, 01:00, 01:01; db 01:00

    let h00 = try #require(try inspector.rollup("rollup_hour", bucket: baseTime))
    #expect(h00.counts == [2, 1] + bucketCounts([0: 1, 5: 1]))
    let hourRows = try inspector.connection.statement(
      """
      SELECT count, successes, latency_sum, latency_min, latency_max, b0, b3, b7, b11 FROM rollup_hour r
      JOIN probes p ON p.id = r.probe_id WHERE p.target = 'api' AND bucket = \(Int(t.timeIntervalSince1970))
      """)
    #expect(try hourRows.step())
    #expect([hourRows.int(0), hourRows.int(1)] as [Int] == [3, 3])
    #expect(abs(hourRows.double(2) - 21.005) < 1e-9)
    #expect(hourRows.double(3) == 0.005)
    #expect(hourRows.double(4) == 20)
    #expect([hourRows.int(5), hourRows.int(6), hourRows.int(7), hourRows.int(8)] as [Int] == [1, 0, 1, 1])
    hourRows.reset()
  }

  @Test func lastSamplesSurviveReopen() async throws {
    let dir = try TemporaryDirectory()
    let newest = sample(
      api, baseTime.addingTimeInterval(20), success: false, latency: 0.5, code: 4, error: "deadline exceeded")
    try await withRunningStore(dir.path()) { store in
      await store.record(sample(api, baseTime))
      await store.record(newest)
      await store.record(sample(api, baseTime.addingTimeInterval(10)))  // late arrival: older than `newest`
      await store.record(sample(db, baseTime, code: nil))
    }
    let reopened = try SQLiteHistoryStore(path: dir.path())
    let last = try await reopened.lastSamples()
    #expect(last.count == 2)
    #expect(last[api] == newest)
    #expect(last[db]?.statusCode == nil)
    try await reopened.close()
  }

  @Test func migrationsAreIdempotent() async throws {
    let dir = try TemporaryDirectory()
    for _ in 0..<3 {
      let store = try SQLiteHistoryStore(path: dir.path())
      try await store.close()
    }
    let connection = try SQLiteConnection(path: dir.path(), mode: .writer)
    #expect(try Migrator.migrate(connection).isEmpty)
    #expect(try connection.scalarInt("SELECT count(*) FROM schema_migrations") == Schema.migrations.count)
    #expect(try connection.scalarInt("PRAGMA user_version") == Schema.latestVersion)
    #expect(try connection.scalarText("PRAGMA journal_mode") == "wal")
  }

  @Test func upgradesAVersion1Database() async throws {
    let dir = try TemporaryDirectory()
    let connection = try SQLiteConnection(path: dir.path(), mode: .writer)
    #expect(try Migrator.migrate(connection, migrations: Array(Schema.migrations.prefix(1))) == [1])
    try connection.run("INSERT INTO probes (target, probe) VALUES ('t', 'p')")
    connection.close()
    try await withRunningStore(dir.path()) { store in
      await store.record(sample(api, baseTime))
      try await store.flush()
    }
    let inspector = try Inspector(dir.path())
    #expect(try inspector.int("PRAGMA user_version") == Schema.latestVersion)
    #expect(try inspector.count("sqlite_master", "type = 'index' AND name = 'samples_time'") == 0)
    #expect(try inspector.count("probes") == 2)
  }

  @Test func refusesNewerSchema() async throws {
    let dir = try TemporaryDirectory()
    try await SQLiteHistoryStore(path: dir.path()).close()
    let connection = try SQLiteConnection(path: dir.path(), mode: .writer)
    try connection.execute("PRAGMA user_version = \(Schema.latestVersion + 1)")
    connection.close()
    #expect {
      _ = try SQLiteHistoryStore(path: dir.path())
    } throws: { ($0 as? StoreError)?.code == .newerSchema }
  }

  @Test func openingInAMissingDirectoryFailsWithPath() throws {
    let dir = try TemporaryDirectory()
    let path = dir.url.appendingPathComponent("missing/history.db").path
    #expect {
      _ = try SQLiteHistoryStore(path: path)
    } throws: { error in
      guard let error = error as? SQLiteError else { return false }
      return error.message.contains(path) && error.message.contains("directory")
    }
  }

  @Test func nanLatencyDoesNotPoisonTheBatch() async throws {
    let dir = try TemporaryDirectory()
    try await withRunningStore(dir.path()) { store in
      await store.record(sample(api, baseTime, latency: .nan))
      await store.record(sample(api, baseTime.addingTimeInterval(1), latency: -1))
      try await store.flush()
    }
    #expect(try Inspector(dir.path()).count("samples", "latency = 0") == 2)
  }

  @Test func latencyBucketsMatchTheSchema() {
    #expect(LatencyBuckets.count == 12)
    #expect(LatencyBuckets.index(of: 0) == 0)
    #expect(LatencyBuckets.index(of: 0.005) == 0)
    #expect(LatencyBuckets.index(of: 0.0051) == 1)
    #expect(LatencyBuckets.index(of: 10) == 10)
    #expect(LatencyBuckets.index(of: 10.1) == 11)
    #expect(SampleSQL.upsertMinute.contains("b11 = b11 + excluded.b11"))
  }
}
