import Foundation
import ProbeStore

/// Runs `body` with a real ``SQLiteHistoryStore`` on a fresh file in the temp directory, its writer running
/// alongside; closes it and removes the file afterwards.
func withTemporaryStore<R: Sendable>(_ body: (SQLiteHistoryStore) async throws -> R) async throws -> R {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("probers-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: directory) }
  let store = try SQLiteHistoryStore(path: directory.appendingPathComponent("history.db").path)
  return try await withThrowingTaskGroup(of: Void.self, returning: R.self) { group in
    group.addTask { try await store.run() }
    do {
      let result = try await body(store)
      try await store.close()
      try await group.waitForAll()
      return result
    } catch {
      try? await store.close()
      group.cancelAll()
      throw error
    }
  }
}

extension HistoryStore {
  /// Every drift event recorded, oldest first (as `kind: detail`).
  func allDrift() async throws -> [String] {
    try await driftEvents(since: .distantPast, limit: 10_000).reversed().map { "\($0.kind.rawValue): \($0.detail)" }
  }
}
