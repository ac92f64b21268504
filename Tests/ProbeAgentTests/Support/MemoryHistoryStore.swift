import Foundation
import ProbeStore
import Synchronization

/// A test-only ``HistoryStore`` in memory: samples, snapshots and drift in arrays, no rollups, no retention.
/// Enough for the probers (latest snapshot, save, record drift); the SQLite store replaces it once merged.
final class MemoryHistoryStore: HistoryStore {
  private struct State {
    var samples: [ProbeSample] = []
    var snapshots: [SchemaSnapshot] = []
    var drift: [DriftEvent] = []
    var closed = false
  }
  private let state = Mutex(State())

  var snapshots: [SchemaSnapshot] { state.withLock { $0.snapshots } }
  var recordedDrift: [DriftEvent] { state.withLock { $0.drift } }

  func run() async throws {}
  func record(_ sample: ProbeSample) async { state.withLock { $0.samples.append(sample) } }
  var queueLength: Int { 0 }
  func flush() async throws {}

  func lastSamples() async throws -> [ProbeKey: ProbeSample] {
    state.withLock { state in
      var latest: [ProbeKey: ProbeSample] = [:]
      for sample in state.samples { latest[sample.key] = sample }
      return latest
    }
  }

  func availability(_ key: ProbeKey, since: Date) async throws -> (count: Int, successes: Int) {
    state.withLock { state in
      let runs = state.samples.filter { $0.key == key && $0.time >= since }
      return (runs.count, runs.filter(\.success).count)
    }
  }

  func history(_ key: ProbeKey, from: Date, to: Date, step: TimeInterval?) async throws
    -> (resolution: HistoryResolution, points: [HistoryPoint])
  {
    let points = state.withLock { state in
      state.samples.filter { $0.key == key && $0.time >= from && $0.time <= to }.map {
        HistoryPoint(
          time: $0.time, count: 1, successes: $0.success ? 1 : 0, latencySum: $0.latency, latencyMin: $0.latency,
          latencyMax: $0.latency)
      }
    }
    return (.raw, points)
  }

  func saveSnapshot(_ snapshot: SchemaSnapshot) async throws {
    state.withLock { state in
      if state.snapshots.last(where: { $0.target == snapshot.target })?.hash != snapshot.hash {
        state.snapshots.append(snapshot)
      }
    }
  }

  func latestSnapshot(target: String) async throws -> SchemaSnapshot? {
    state.withLock { $0.snapshots.last { $0.target == target } }
  }

  func recordDrift(_ events: [DriftEvent]) async throws { state.withLock { $0.drift += events } }

  func driftEvents(since: Date, limit: Int) async throws -> [DriftEvent] {
    state.withLock { Array($0.drift.filter { $0.time >= since }.reversed().prefix(limit)) }
  }

  func applyRetention(now: Date) async throws {}
  func close() async throws { state.withLock { $0.closed = true } }
}
