import CSQLite

/// One SQLite connection: opened with explicit flags, configured for the store (WAL, `busy_timeout`,
/// `synchronous=NORMAL`, foreign keys), with a cache of prepared statements keyed by their SQL text.
///
/// Not thread-safe: a connection is owned by one ``ConnectionExecutor`` and used only on its queue. SQLite runs in
/// multi-thread mode for it (`SQLITE_OPEN_NOMUTEX`): no connection is shared between threads at the same time.
final class SQLiteConnection {
  /// How a connection is opened.
  enum Mode {
    /// The writer: creates the file if missing, switches it to WAL.
    case writer
    /// A reader: opens an existing database and refuses writes (`PRAGMA query_only`).
    case reader
  }

  let path: String
  private(set) var handle: OpaquePointer?
  private var statements: [String: OpaquePointer] = [:]

  /// How long a statement waits for a lock held by another connection before failing with `SQLITE_BUSY`.
  static let busyTimeoutMilliseconds: Int32 = 5_000

  /// Page cache per connection, in KiB (SQLite's default is 2,000). The writer's holds the pages a batch dirties
  /// (with many probes a batch touches a leaf page per probe in the per-probe index and each rollup table), so a
  /// large batch does not spill pages to the WAL mid-transaction and read them back; measured +20 % write rate
  /// with 1,000 probes. Both caches fill only as pages are used.
  static func cacheKibibytes(_ mode: Mode) -> Int {
    switch mode {
    case .writer: 16 * 1024
    case .reader: 4 * 1024
    }
  }

  init(path: String, mode: Mode) throws {
    self.path = path
    var flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
    if mode == .writer { flags |= SQLITE_OPEN_CREATE }
    var db: OpaquePointer?
    let rc = sqlite3_open_v2(path, &db, flags, nil)
    guard rc == SQLITE_OK, let db else {
      let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
      sqlite3_close_v2(db)
      throw SQLiteError(
        code: rc,
        message:
          "cannot open database '\(path)': \(message) (does the directory exist and is it writable by this user?)")
    }
    handle = db
    sqlite3_extended_result_codes(db, 1)
    sqlite3_busy_timeout(db, Self.busyTimeoutMilliseconds)
    do {
      if mode == .writer {
        let journal = try scalarText("PRAGMA journal_mode = WAL")
        guard journal.lowercased() == "wal" else {
          throw SQLiteError(
            code: SQLITE_ERROR,
            message: "cannot switch '\(path)' to WAL (journal_mode is \(journal)); is it on a network file system?")
        }
      }
      try execute("PRAGMA synchronous = NORMAL")
      try execute("PRAGMA foreign_keys = ON")
      // Truncate the WAL file back to 64 MiB after checkpoints, so a burst does not leave a huge file behind.
      try execute("PRAGMA journal_size_limit = 67108864")
      try execute("PRAGMA cache_size = -\(Self.cacheKibibytes(mode))")
      if mode == .reader { try execute("PRAGMA query_only = 1") }
    } catch {
      close()
      throw error
    }
  }

  deinit { close() }

  /// Finalizes the cached statements and closes the connection (idempotent). Closing the last connection of a
  /// WAL database checkpoints it and removes the `-wal` file.
  func close() {
    for statement in statements.values { sqlite3_finalize(statement) }
    statements.removeAll()
    if let handle { sqlite3_close_v2(handle) }
    handle = nil
  }

  /// Runs one or more statements without parameters or results (schema, pragmas, BEGIN/COMMIT).
  func execute(_ sql: String) throws {
    let db = try open()
    var errorMessage: UnsafeMutablePointer<CChar>?
    let rc = sqlite3_exec(db, sql, nil, nil, &errorMessage)
    guard rc == SQLITE_OK else {
      let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(db))
      sqlite3_free(errorMessage)
      throw SQLiteError(code: sqlite3_extended_errcode(db), message: message, sql: sql)
    }
  }

  /// The cached prepared statement for `sql`, reset and with cleared bindings. Prepare errors (syntax, missing
  /// table) carry the SQL.
  func statement(_ sql: String) throws -> SQLiteStatement {
    let db = try open()
    if let cached = statements[sql] {
      let statement = SQLiteStatement(handle: cached, sql: sql, db: db)
      statement.reset()
      return statement
    }
    var handle: OpaquePointer?
    let rc = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
    guard rc == SQLITE_OK, let handle else {
      throw SQLiteError(code: sqlite3_extended_errcode(db), message: String(cString: sqlite3_errmsg(db)), sql: sql)
    }
    statements[sql] = handle
    return SQLiteStatement(handle: handle, sql: sql, db: db)
  }

  /// Runs a statement that returns no rows (or whose rows are ignored) with the given parameters.
  func run(_ sql: String, _ values: [SQLiteValue] = []) throws {
    let statement = try statement(sql)
    defer { statement.reset() }
    try statement.bind(values)
    while try statement.step() {}
  }

  /// The first column of the first row as text ("" when there is no row).
  func scalarText(_ sql: String, _ values: [SQLiteValue] = []) throws -> String {
    let statement = try statement(sql)
    defer { statement.reset() }
    try statement.bind(values)
    return try statement.step() ? statement.text(0) : ""
  }

  /// The first column of the first row as an integer (nil when there is no row or it is NULL).
  func scalarInt(_ sql: String, _ values: [SQLiteValue] = []) throws -> Int? {
    let statement = try statement(sql)
    defer { statement.reset() }
    try statement.bind(values)
    return try statement.step() ? statement.optionalInt(0) : nil
  }

  /// Rows changed by the last INSERT, UPDATE or DELETE.
  var changes: Int { handle.map { Int(sqlite3_changes($0)) } ?? 0 }

  /// Runs `body` in a write transaction (`BEGIN IMMEDIATE`: takes the write lock up front, so the transaction
  /// never fails half-way with `SQLITE_BUSY` on lock upgrade). Rolls back when `body` throws.
  func transaction<T>(_ body: () throws -> T) throws -> T {
    try statement("BEGIN IMMEDIATE").step()
    do {
      let result = try body()
      try statement("COMMIT").step()
      return result
    } catch {
      if let handle, sqlite3_get_autocommit(handle) == 0 { _ = try? statement("ROLLBACK").step() }
      throw error
    }
  }

  /// A read transaction, so that several queries see one snapshot of the database.
  func readTransaction<T>(_ body: () throws -> T) throws -> T {
    try statement("BEGIN DEFERRED").step()
    defer { _ = try? statement("COMMIT").step() }
    return try body()
  }

  private func open() throws -> OpaquePointer {
    guard let handle else {
      throw SQLiteError(code: SQLITE_MISUSE, message: "the connection to '\(path)' is closed")
    }
    return handle
  }
}
