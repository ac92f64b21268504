import CSQLite

/// A prepared statement owned by a ``SQLiteConnection`` (which caches and finalizes it). Bind parameters by their
/// 1-based index, then `step()` until it returns false; read columns by their 0-based index while a row is current.
///
/// Not thread-safe: used only on its connection's executor.
struct SQLiteStatement {
  let handle: OpaquePointer
  let sql: String
  let db: OpaquePointer

  /// SQLite copies bound text and blobs: Swift strings are only valid during the call.
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  /// Resets the statement and clears its bindings (done by the connection when the statement is handed out).
  func reset() {
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
  }

  func bind(_ index: Int32, _ value: Int64) throws {
    try check(sqlite3_bind_int64(handle, index, value))
  }

  func bind(_ index: Int32, _ value: Int) throws {
    try check(sqlite3_bind_int64(handle, index, Int64(value)))
  }

  func bind(_ index: Int32, _ value: Int?) throws {
    if let value { try bind(index, value) } else { try check(sqlite3_bind_null(handle, index)) }
  }

  func bind(_ index: Int32, _ value: Bool) throws {
    try check(sqlite3_bind_int64(handle, index, value ? 1 : 0))
  }

  func bind(_ index: Int32, _ value: Double) throws {
    try check(sqlite3_bind_double(handle, index, value))
  }

  func bind(_ index: Int32, _ value: String) throws {
    try check(sqlite3_bind_text(handle, index, value, -1, Self.transient))
  }

  func bind(_ index: Int32, _ value: String?) throws {
    if let value { try bind(index, value) } else { try check(sqlite3_bind_null(handle, index)) }
  }

  /// Binds values to parameters 1, 2, … in order.
  func bind(_ values: [SQLiteValue]) throws {
    for (offset, value) in values.enumerated() {
      let index = Int32(offset + 1)
      switch value {
      case .integer(let v): try bind(index, v)
      case .real(let v): try bind(index, v)
      case .text(let v): try bind(index, v)
      case .null: try check(sqlite3_bind_null(handle, index))
      }
    }
  }

  /// Advances: true when a row is available, false when the statement is done.
  @discardableResult
  func step() throws -> Bool {
    let rc = sqlite3_step(handle)
    switch rc {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    default:
      throw SQLiteError(code: sqlite3_extended_errcode(db), message: String(cString: sqlite3_errmsg(db)), sql: sql)
    }
  }

  func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

  func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

  func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

  func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

  func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }

  func text(_ column: Int32) -> String {
    guard let bytes = sqlite3_column_text(handle, column) else { return "" }
    return String(cString: bytes)
  }

  func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

  private func check(_ rc: Int32) throws {
    guard rc == SQLITE_OK else {
      throw SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(db)), sql: sql)
    }
  }
}

/// A dynamically typed parameter, for statements outside the hot path.
enum SQLiteValue: Sendable, Equatable {
  case integer(Int64)
  case real(Double)
  case text(String)
  case null
}
