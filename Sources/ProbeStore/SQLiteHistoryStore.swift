import Foundation

/// ``HistoryStore`` on one SQLite file (libsqlite3's C API), in WAL mode.
///
/// - One writer: ``run()`` takes samples from a bounded queue and commits them in batched transactions of up to
///   ``batchSize`` samples. A busy writer commits whatever is queued as soon as the previous commit ends; a quiet
///   one, woken by the first sample after an empty queue, lets samples gather for ``commitDelay`` first (or until
///   a flush, a close, blocked producers or a full batch), so an agent probing steadily commits one transaction
///   (and wakes the writer once) per delay rather than per sample. Each transaction inserts the raw rows and
///   UPSERTs the minute and hour rollups and the per-probe last state, so rollups never lag the raw table.
/// - Backpressure: ``record(_:)`` waits while ``queueCapacity`` samples are pending; nothing is dropped while the
///   store is open.
/// - Reads (history, availability, last samples, snapshots, drift) use a second connection: WAL lets them run
///   while the writer commits. Snapshots, drift events and retention go through the writer connection.
/// - Every SQLite call runs on the connection's own dispatch queue, never on a Swift concurrency thread.
///
/// Opening creates the file if needed and applies pending migrations (see `Schema`). Durability: with
/// `synchronous=NORMAL` a committed batch survives a process crash; a power loss may lose the last commits but
/// never corrupts the file.
public final class SQLiteHistoryStore: HistoryStore {
  /// Default bound of the write queue (samples).
  public static let defaultQueueCapacity = 10_000
  /// Default maximum samples per write transaction. Large batches matter when many probes write at once: a
  /// commit writes every page it dirtied, about one per probe per table, whatever the batch size (measured with
  /// 1,000 probes: 1,000 → ~80k, 10,000 → ~200k samples per CPU-second).
  public static let defaultBatchSize = 10_000
  /// Most rows one retention statement deletes (one short transaction each).
  public static let retentionBatchSize = 5_000
  /// Default time a quiet writer lets samples gather before committing (what a crash may lose beyond the queue).
  public static let defaultCommitDelay = Duration.milliseconds(500)

  /// The database file.
  public let path: String
  public let retention: RetentionPolicy
  public let queueCapacity: Int
  public let batchSize: Int
  /// How long a quiet writer lets samples gather before it commits them (zero: commit each at once).
  public let commitDelay: Duration

  let queue: WriteQueue
  let writer: ConnectionExecutor<WriterContext>
  let reader: ConnectionExecutor<HistoryReader>

  /// Opens (creating if needed) and migrates the database at `path`. Blocks while it does (at start-up).
  /// - Throws: ``SQLiteError`` when the file cannot be opened or migrated, ``StoreError`` (`newerSchema`,
  ///   `invalidArgument`).
  public init(
    path: String, retention: RetentionPolicy = RetentionPolicy(), queueCapacity: Int = defaultQueueCapacity,
    batchSize: Int = defaultBatchSize, commitDelay: Duration = defaultCommitDelay
  ) throws {
    guard queueCapacity > 0, batchSize > 0 else {
      throw StoreError(
        .invalidArgument, "queue capacity (\(queueCapacity)) and batch size (\(batchSize)) must be positive")
    }
    guard commitDelay >= .zero else {
      throw StoreError(.invalidArgument, "commit delay (\(commitDelay)) must not be negative")
    }
    self.commitDelay = commitDelay
    self.path = path
    self.retention = retention
    self.queueCapacity = queueCapacity
    self.batchSize = batchSize
    let writeConnection = try SQLiteConnection(path: path, mode: .writer)
    try Migrator.migrate(writeConnection)
    let readConnection = try SQLiteConnection(path: path, mode: .reader)
    queue = WriteQueue(capacity: queueCapacity)
    writer = ConnectionExecutor(label: "writer", context: WriterContext(connection: writeConnection))
    reader = ConnectionExecutor(label: "reader", context: HistoryReader(connection: readConnection))
  }

  // MARK: Writing

  public func run() async throws {
    guard try queue.startWriter() else { return }
    defer { queue.stopWriter() }
    while true {
      switch await queue.nextWork() {
      case .work(let waited):
        if waited && commitDelay > .zero { await queue.gather(for: commitDelay, batchSize: batchSize) }
        try await commitNextBatch()
      case .stop:
        try await drain(until: queue.acceptedCount)
        return
      }
    }
  }

  public func record(_ sample: ProbeSample) async {
    await queue.enqueue(sample)
  }

  public var queueLength: Int { queue.length }

  /// Samples recorded after ``close()``, which were not stored.
  public var droppedAfterClose: Int { queue.dropped }

  public func flush() async throws {
    let target = queue.acceptedCount
    switch await queue.waitCommitted(target) {
    case .done: return
    case .failed(let error): throw error
    case .drainYourself: try await drain(until: target)
    }
  }

  public func close() async throws {
    guard queue.close() else { return }
    await queue.waitForWriterStop()
    var failure: (any Error)?
    do { try await drain(until: queue.acceptedCount) } catch { failure = error }
    // The writer closes last: closing the last connection checkpoints the WAL into the main file.
    await reader.close { $0.connection.close() }
    await writer.close { context in
      // Lets SQLite refresh planner statistics for tables that changed a lot (cheap; a no-op most times).
      try? context.connection.execute("PRAGMA optimize")
      context.connection.close()
    }
    if let failure { throw failure }
  }

  /// Takes a batch and commits it in one transaction, both inside one writer job (so batches commit in queue
  /// order whoever drains). A failed batch goes back to the front of the queue. Returns the batch's size.
  @discardableResult
  private func commitNextBatch() async throws -> Int {
    try await writer.run { [queue, batchSize] context in
      let batch = queue.take(max: batchSize)
      guard !batch.isEmpty else { return 0 }
      do {
        try context.write(batch)
      } catch {
        queue.requeue(batch, error: error)
        throw error
      }
      queue.settle(batch.count)
      return batch.count
    }
  }

  /// Commits batches until sample number `target` is committed.
  private func drain(until target: Int) async throws {
    while queue.committedCount < target {
      if try await commitNextBatch() == 0 { return }
    }
  }
}
