import CSQLite

/// A failed SQLite call: the SQLite result code (extended when available), SQLite's own message and the SQL
/// statement it was running, so a log line says what failed and where.
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The (extended) SQLite result code, e.g. 5 `SQLITE_BUSY`, 13 `SQLITE_FULL`, 2067 `SQLITE_CONSTRAINT_UNIQUE`.
  public var code: Int32
  /// SQLite's message (`sqlite3_errmsg`) plus, where useful, what to check.
  public var message: String
  /// The statement that failed; nil for connection-level calls such as opening.
  public var sql: String?

  public init(code: Int32, message: String, sql: String? = nil) {
    self.code = code
    self.message = message
    self.sql = sql
  }

  /// The primary result code (the low byte of an extended code), to compare with `SQLITE_BUSY` and friends.
  public var primaryCode: Int32 { code & 0xff }

  public var description: String {
    let name = String(cString: sqlite3_errstr(code))
    var text = "SQLite error \(code) (\(name)): \(message)"
    if let sql { text += " [SQL: \(sql.split(whereSeparator: \.isNewline).joined(separator: " "))]" }
    return text
  }
}
