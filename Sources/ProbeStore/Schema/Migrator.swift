import Foundation

/// Brings a database to ``Schema/latestVersion``: applies each pending migration in its own `BEGIN IMMEDIATE`
/// transaction, records it in `schema_migrations` and mirrors the version in `PRAGMA user_version` (so
/// `sqlite3 FILE 'PRAGMA user_version'` shows it). Re-running is a no-op; two processes opening the same file
/// serialize on the write lock and the second sees the first's work.
enum Migrator {
  /// Applies what is pending; returns the versions applied (empty when up to date).
  @discardableResult
  static func migrate(_ connection: SQLiteConnection, migrations: [Migration] = Schema.migrations) throws -> [Int] {
    try connection.execute(Schema.migrationsTable)
    let latest = migrations.last?.version ?? 0
    let current = try currentVersion(connection)
    if current > latest {
      throw StoreError(
        .newerSchema,
        "database '\(connection.path)' has schema version \(current) but this reflectprobe knows up to \(latest): "
          + "run a newer reflectprobe, or point `database:` at another file")
    }
    var applied: [Int] = []
    for migration in migrations where migration.version > current {
      let didApply = try connection.transaction { () throws -> Bool in
        // Another process may have applied it between our check and our write lock.
        guard try currentVersion(connection) < migration.version else { return false }
        try connection.execute(migration.sql)
        try connection.run(
          "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?, ?, ?)",
          [.integer(Int64(migration.version)), .text(migration.name), .integer(Date().unixMilliseconds)])
        try connection.execute("PRAGMA user_version = \(migration.version)")
        return true
      }
      if didApply { applied.append(migration.version) }
    }
    return applied
  }

  /// The highest applied version: the larger of `schema_migrations` and `user_version`.
  static func currentVersion(_ connection: SQLiteConnection) throws -> Int {
    let recorded = try connection.scalarInt("SELECT max(version) FROM schema_migrations") ?? 0
    let userVersion = try connection.scalarInt("PRAGMA user_version") ?? 0
    return max(recorded, userVersion)
  }
}
