import Foundation

/// Identity of a probe across restarts and reloads: its target and its name.
public struct ProbeKey: Hashable, Sendable, Comparable, CustomStringConvertible {
  public var target: String
  public var probe: String
  public init(target: String, probe: String) {
    self.target = target
    self.probe = probe
  }
  public var description: String { "\(target)/\(probe)" }
  public static func < (a: Self, b: Self) -> Bool { (a.target, a.probe) < (b.target, b.probe) }
}

/// One probe run's result, as stored in the raw table and folded into the rollups.
public struct ProbeSample: Sendable, Equatable {
  public var key: ProbeKey
  /// When the run started.
  public var time: Date
  public var success: Bool
  /// The gRPC status code the run ended with; nil when no status was reached (connect failure, bad config).
  public var statusCode: Int?
  /// Wall time of the run in seconds.
  public var latency: Double
  /// Why it failed (nil on success); never contains secrets.
  public var error: String?

  public init(key: ProbeKey, time: Date, success: Bool, statusCode: Int?, latency: Double, error: String? = nil) {
    self.key = key
    self.time = time
    self.success = success
    self.statusCode = statusCode
    self.latency = latency
    self.error = error
  }
}

/// One point of a history query: the runs of a step (or one raw run when `step` is nil).
public struct HistoryPoint: Sendable, Equatable {
  /// Start of the bucket (or the run's time for raw points).
  public var time: Date
  public var count: Int
  public var successes: Int
  public var latencySum: Double
  public var latencyMin: Double
  public var latencyMax: Double
  public init(time: Date, count: Int, successes: Int, latencySum: Double, latencyMin: Double, latencyMax: Double) {
    self.time = time
    self.count = count
    self.successes = successes
    self.latencySum = latencySum
    self.latencyMin = latencyMin
    self.latencyMax = latencyMax
  }
}

/// Which table a history query was answered from.
public enum HistoryResolution: String, Sendable, Equatable {
  case raw, minute, hour
}

/// A schema snapshot of a target as recorded by a discovery probe: canonical JSON text (services → methods →
/// types) plus its hash, so equal schemas compare cheaply.
public struct SchemaSnapshot: Sendable, Equatable {
  public var target: String
  public var time: Date
  public var hash: String
  public var json: String
  public init(target: String, time: Date, hash: String, json: String) {
    self.target = target
    self.time = time
    self.hash = hash
    self.json = json
  }
}

/// A detected schema change between two snapshots of a target.
public struct DriftEvent: Sendable, Equatable {
  public enum Kind: String, Sendable, CaseIterable {
    /// Something removed or changed in an incompatible way (service, method, message type).
    case breaking
    /// Something added.
    case additive
  }
  public var target: String
  public var time: Date
  public var kind: Kind
  /// Human-readable, e.g. `method api.users.UserService/DeleteUser removed`.
  public var detail: String
  public init(target: String, time: Date, kind: Kind, detail: String) {
    self.target = target
    self.time = time
    self.kind = kind
    self.detail = detail
  }
}

/// Where probe history lives. The SQLite implementation (``SQLiteHistoryStore``) has one writer task fed by a
/// bounded queue; reads run on their own connection. All methods are safe to call concurrently.
public protocol HistoryStore: Sendable {
  /// The writer loop: commits queued samples in batched transactions until ``close()`` or cancellation, then
  /// flushes what is left and returns. The agent runs it as a service of its `ServiceGroup`.
  func run() async throws
  /// Queues a sample for the writer. Waits (backpressure) only when the bounded queue is full.
  func record(_ sample: ProbeSample) async
  /// Samples queued and not yet committed (`reflectprobe_store_queue_length`).
  var queueLength: Int { get }
  /// Commits everything queued so far; returns when it is durable.
  func flush() async throws
  /// The newest sample of every probe ever recorded (restored on restart).
  func lastSamples() async throws -> [ProbeKey: ProbeSample]
  /// Runs and successes of a probe since a time (exact: whole hours and minutes from the rollups, the rest raw).
  func availability(_ key: ProbeKey, since: Date) async throws -> (count: Int, successes: Int)
  /// ``availability(_:since:)`` for every probe that ran since `since` (one query in the SQLite store; the default
  /// asks probe by probe).
  func availability(since: Date) async throws -> [ProbeKey: (count: Int, successes: Int)]
  /// A probe's history between two times. `step` nil lets the store choose raw/minute/hour by the range.
  func history(_ key: ProbeKey, from: Date, to: Date, step: TimeInterval?) async throws
    -> (resolution: HistoryResolution, points: [HistoryPoint])
  /// Stores a snapshot (only when its hash differs from the target's latest).
  func saveSnapshot(_ snapshot: SchemaSnapshot) async throws
  /// The latest snapshot of a target.
  func latestSnapshot(target: String) async throws -> SchemaSnapshot?
  func recordDrift(_ events: [DriftEvent]) async throws
  /// Drift events since a time, newest first, at most `limit`.
  func driftEvents(since: Date, limit: Int) async throws -> [DriftEvent]
  /// Deletes what is past retention, a bounded batch at a time (called periodically by the agent).
  func applyRetention(now: Date) async throws
  /// Flushes and closes; later calls fail.
  func close() async throws
}

extension HistoryStore {
  /// Probe by probe, over the probes ``lastSamples()`` knows.
  public func availability(since: Date) async throws -> [ProbeKey: (count: Int, successes: Int)] {
    var result: [ProbeKey: (count: Int, successes: Int)] = [:]
    for key in try await lastSamples().keys {
      let row = try await availability(key, since: since)
      if row.count > 0 { result[key] = row }
    }
    return result
  }
}
