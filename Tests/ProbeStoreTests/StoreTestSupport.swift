import Foundation
import Synchronization
import Testing

@testable import ProbeStore

/// A fresh directory under the system temp dir, removed when the value is released.
final class TemporaryDirectory {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("probestore-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  func path(_ name: String = "history.db") -> String { url.appendingPathComponent(name).path }
}

/// Opens a store, runs its writer alongside `body`, then closes it and waits for the writer to end.
func withRunningStore<T>(
  _ path: String, retention: RetentionPolicy = RetentionPolicy(), capacity: Int = 10_000, batchSize: Int = 1_000,
  _ body: (SQLiteHistoryStore) async throws -> T
) async throws -> T {
  let store = try SQLiteHistoryStore(path: path, retention: retention, queueCapacity: capacity, batchSize: batchSize)
  return try await withThrowingTaskGroup(of: Void.self) { group in
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

/// Direct SQL on a database file, for assertions the public API does not expose (row counts, rollup columns).
struct Inspector {
  let connection: SQLiteConnection

  init(_ path: String) throws {
    connection = try SQLiteConnection(path: path, mode: .reader)
  }

  func count(_ table: String, _ condition: String = "1") throws -> Int {
    try connection.scalarInt("SELECT count(*) FROM \(table) WHERE \(condition)") ?? -1
  }

  func int(_ sql: String) throws -> Int? { try connection.scalarInt(sql) }

  /// A rollup row as [count, successes, b0…b11] plus (sum, min, max).
  func rollup(_ table: String, bucket: Date) throws -> (counts: [Int], sum: Double, min: Double, max: Double)? {
    let statement = try connection.statement(
      """
      SELECT count, successes, latency_sum, latency_min, latency_max, b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11
      FROM \(table) WHERE bucket = ?
      """)
    defer { statement.reset() }
    try statement.bind(1, Int64(bucket.timeIntervalSince1970))
    guard try statement.step() else { return nil }
    var counts = [statement.int(0), statement.int(1)]
    for column in 5..<17 { counts.append(statement.int(Int32(column))) }
    return (counts, statement.double(2), statement.double(3), statement.double(4))
  }
}

/// 2024-01-01T00:00:00Z: a fixed, hour-aligned base for tests that do not depend on "now".
let baseTime = Date(timeIntervalSince1970: 1_704_067_200)

func sample(
  _ key: ProbeKey, _ time: Date, success: Bool = true, latency: Double = 0.01, code: Int? = 0, error: String? = nil
) -> ProbeSample {
  ProbeSample(key: key, time: time, success: success, statusCode: code, latency: latency, error: error)
}

/// Polls `condition` every 10 ms until it holds or `seconds` pass; returns whether it held.
func eventually(within seconds: Double = 10, _ condition: () async throws -> Bool) async rethrows -> Bool {
  let deadline = Date().addingTimeInterval(seconds)
  while Date() < deadline {
    if try await condition() { return true }
    try? await Task.sleep(for: .milliseconds(10))
  }
  return try await condition()
}

/// A flag shared between tasks.
final class Flag: Sendable {
  private let value: Mutex<Bool>
  init(_ initial: Bool) { value = Mutex(initial) }
  var isSet: Bool { value.withLock { $0 } }
  func set(_ newValue: Bool) { value.withLock { $0 = newValue } }
}

/// A counter shared between tasks.
final class Counter: Sendable {
  private let value = Mutex(0)
  var count: Int { value.withLock { $0 } }
  func increment() { value.withLock { $0 += 1 } }
}
