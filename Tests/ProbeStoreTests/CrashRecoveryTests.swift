import Foundation
import Testing

@testable import ProbeStore

/// What a killed process leaves behind, without killing one: the database and its `-wal` file copied while a
/// write transaction is open with uncommitted pages already spilled into the WAL (a small page cache forces the
/// spill). The copy must open with `integrity_check` ok, keep every committed row and none of the uncommitted.
/// (The agent-level SIGKILL test runs the real binary.)
@Suite(.timeLimit(.minutes(2))) struct CrashRecoveryTests {
  @Test func openTransactionAtCrashTimeIsRolledBack() async throws {
    let dir = try TemporaryDirectory()
    let key = ProbeKey(target: "t", probe: "p")
    let store = try SQLiteHistoryStore(path: dir.path())
    for i in 0..<300 { await store.record(sample(key, baseTime.addingTimeInterval(Double(i)))) }
    try await store.flush()

    let intruder = try SQLiteConnection(path: dir.path(), mode: .writer)
    try intruder.execute("PRAGMA cache_size = 8")
    try intruder.execute("BEGIN IMMEDIATE")
    for i in 0..<20_000 {
      try intruder.run(
        "INSERT INTO samples (probe_id, time_ms, success, latency, error) VALUES (1, ?, 1, 0.1, ?)",
        [.integer(Int64(i)), .text(String(repeating: "x", count: 100))])
    }
    let walSize = try FileManager.default.attributesOfItem(atPath: dir.path() + "-wal")[.size] as? Int ?? 0
    #expect(walSize > 100_000, "uncommitted pages should have spilled into the WAL")
    let crashed = try TemporaryDirectory()
    for suffix in ["", "-wal"] {
      try FileManager.default.copyItem(atPath: dir.path() + suffix, toPath: crashed.path() + suffix)
    }
    try intruder.execute("ROLLBACK")
    intruder.close()
    try await store.close()

    let recovered = try SQLiteHistoryStore(path: crashed.path())
    #expect(try await recovered.integrityCheck() == "ok")
    #expect(try Inspector(crashed.path()).count("samples") == 300)
    #expect(try await recovered.lastSamples()[key]?.time == baseTime.addingTimeInterval(299))
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await recovered.run() }
      await recovered.record(sample(key, baseTime.addingTimeInterval(300)))
      try await recovered.close()
      try await group.waitForAll()
    }
    #expect(try Inspector(crashed.path()).count("samples") == 301)
  }
}
