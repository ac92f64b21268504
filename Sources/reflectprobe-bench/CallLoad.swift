import Foundation
import Synchronization

/// Drives an async call repeatedly — one at a time, or with a fixed number in flight — and records each call's
/// latency, the wall time and this process's CPU time (user + system, every thread: `getrusage(RUSAGE_SELF)`).
///
/// Every run stops at `maxCalls` calls or after `seconds`, whichever comes first, after a warm-up of
/// `warmupCalls` calls (per worker when concurrent) that is not measured.
struct CallLoad {
  var seconds: Double
  var maxCalls: Int
  var warmupCalls = 50

  /// What a run measured.
  struct Result: Sendable {
    var calls = 0
    var wallNanos: UInt64 = 0
    var cpuNanos: UInt64 = 0
    /// Per-call latencies, in nanoseconds.
    var latencies: [UInt64] = []

    /// The figures the report prints.
    var summary: Summary {
      let sorted = latencies.sorted()
      func percentile(_ fraction: Double) -> Double {
        sorted.isEmpty ? 0 : Double(sorted[min(sorted.count - 1, Int(fraction * Double(sorted.count)))]) / 1000
      }
      return Summary(
        calls: calls, callsPerSecond: wallNanos == 0 ? 0 : Double(calls) * 1e9 / Double(wallNanos),
        p50Micros: percentile(0.50), p99Micros: percentile(0.99),
        cpuMicrosPerCall: calls == 0 ? 0 : Double(cpuNanos) / 1000 / Double(calls))
    }

    /// Two runs under the same conditions, pooled.
    static func + (a: Result, b: Result) -> Result {
      Result(
        calls: a.calls + b.calls, wallNanos: a.wallNanos + b.wallNanos, cpuNanos: a.cpuNanos + b.cpuNanos,
        latencies: a.latencies + b.latencies)
    }
  }

  /// A run's figures: throughput, latency percentiles (nearest rank), CPU per call.
  struct Summary: Sendable {
    var calls: Int
    var callsPerSecond: Double
    var p50Micros: Double
    var p99Micros: Double
    var cpuMicrosPerCall: Double
  }

  /// One call at a time.
  func sequential(_ call: () async throws -> Void) async throws -> Result {
    for _ in 0..<warmupCalls { try await call() }
    var latencies: [UInt64] = []
    latencies.reserveCapacity(min(maxCalls, 1 << 20))
    let cpu0 = Self.cpuNanos()
    let start = Self.now()
    let deadline = start + UInt64(seconds * 1e9)
    var now = start
    while latencies.count < maxCalls && now < deadline {
      let t0 = Self.now()
      try await call()
      now = Self.now()
      latencies.append(now - t0)
    }
    return Result(calls: latencies.count, wallNanos: now - start, cpuNanos: Self.cpuNanos() - cpu0, latencies: latencies)
  }

  /// `inFlight` workers, each making one call at a time, so that `inFlight` calls are in flight at once.
  func concurrent(inFlight: Int, _ call: @escaping @Sendable () async throws -> Void) async throws -> Result {
    _ = try await workers(inFlight, callsPerWorker: warmupCalls, call)
    let cpu0 = Self.cpuNanos()
    let start = Self.now()
    let latencies = try await workers(inFlight, callsPerWorker: maxCalls, call)
    let end = Self.now()
    return Result(calls: latencies.count, wallNanos: end - start, cpuNanos: Self.cpuNanos() - cpu0, latencies: latencies)
  }

  private func workers(
    _ count: Int, callsPerWorker: Int, _ call: @escaping @Sendable () async throws -> Void
  ) async throws -> [UInt64] {
    let budget = Budget(calls: min(maxCalls, callsPerWorker * count))
    let deadline = Self.now() + UInt64(seconds * 1e9)
    return try await withThrowingTaskGroup(of: [UInt64].self) { group in
      for _ in 0..<count {
        group.addTask {
          var mine: [UInt64] = []
          while Self.now() < deadline && budget.claim() {
            let t0 = Self.now()
            try await call()
            mine.append(Self.now() - t0)
          }
          return mine
        }
      }
      var all: [UInt64] = []
      for try await latencies in group { all += latencies }
      return all
    }
  }

  /// Calls left to start, shared by the workers.
  private final class Budget: Sendable {
    private let left: Atomic<Int>
    init(calls: Int) { left = Atomic(calls) }
    func claim() -> Bool { left.subtract(1, ordering: .relaxed).newValue >= 0 }
  }

  static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

  /// User + system CPU time of this process (all threads), in nanoseconds.
  static func cpuNanos() -> UInt64 {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func nanos(_ t: timeval) -> UInt64 { UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_usec) * 1000 }
    return nanos(usage.ru_utime) + nanos(usage.ru_stime)
  }
}
