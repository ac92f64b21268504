import CSQLite
import Foundation

/// Reads an agent's history database directly with SQL (read-only), to check what the agent wrote.
final class SQLiteReader {
  private var db: OpaquePointer?

  init(path: String) throws {
    guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
      throw PeerError("cannot open \(path): \(String(cString: sqlite3_errmsg(db)))")
    }
    sqlite3_busy_timeout(db, 5000)
  }

  deinit { sqlite3_close(db) }

  /// The rows of a query, each column as text (NULL as nil).
  func rows(_ sql: String) throws -> [[String?]] {
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else {
      throw PeerError("\(sql): \(String(cString: sqlite3_errmsg(db)))")
    }
    defer { sqlite3_finalize(statement) }
    var rows: [[String?]] = []
    while sqlite3_step(statement) == SQLITE_ROW {
      rows.append(
        (0..<sqlite3_column_count(statement)).map { column in
          sqlite3_column_text(statement, column).map { String(cString: $0) }
        })
    }
    return rows
  }

  func scalar(_ sql: String) throws -> String? { try rows(sql).first?.first ?? nil }

  /// Raw samples per `target/probe`.
  func sampleCounts() throws -> [String: Int] {
    let rows = try rows(
      "SELECT p.target || '/' || p.probe, count(*) FROM samples s JOIN probes p ON p.id = s.probe_id GROUP BY 1")
    return Dictionary(uniqueKeysWithValues: rows.map { ($0[0] ?? "", Int($0[1] ?? "0") ?? 0) })
  }
}
