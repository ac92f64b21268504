import Foundation
import ProbeStore

/// Issue #4 acceptance (d): the history store's write rate through the real path (`record` → bounded queue →
/// `run()` → batched transactions with rollups), goal ≥ 100,000 samples/s; and a 7-day history query for one probe
/// among 100, goal < 50 ms. Each figure is printed next to its goal as a ratio.
struct StoreBench {
  /// How long the write phase records (at least one round of `writeProbes`).
  var seconds: Double
  /// Probes written round-robin: every batch touches this many rollup rows, the agent's worst case.
  var writeProbes = 1_000
  /// Probes in the query database; the queried one runs every 10 s, the others every 10 min.
  var queryProbes = 100
  var queryRuns = 20

  static let writeGoal = 100_000.0
  static let queryGoalMs = 50.0

  /// Runs both measurements and prints their table (or the error, without stopping the other benchmarks).
  static func report(seconds: Double) async {
    do {
      ReportRow.printTable("History store (SQLite)", try await StoreBench(seconds: max(seconds, 2)).run())
    } catch {
      FileHandle.standardError.write(Data("store benchmark failed: \(error)\n".utf8))
    }
  }

  func run() async throws -> [ReportRow] {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reflectprobe-bench-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }

    let write = try await measureWrites(path: directory.appendingPathComponent("write.db").path)
    let query = try await measureQuery(path: directory.appendingPathComponent("query.db").path)
    print(
      "store: \(write.samples) samples from \(writeProbes) probes in \(String(format: "%.2f", write.seconds)) s, "
        + "\(Self.grouped(Double(write.samples) / write.cpuSeconds)) per CPU-second (both threads), "
        + "batches ≤ \(SQLiteHistoryStore.defaultBatchSize); 7-day fill \(query.filled) samples from "
        + "\(queryProbes) probes; query: \(query.points) minute points, hourly step: \(query.hourlyPoints) points")
    let rate = Double(write.samples) / write.seconds
    return [
      ReportRow(
        name: "store write rate (record → run, \(writeProbes) probes)", value: "\(Self.grouped(rate)) samples/s",
        reference: "goal \(Self.grouped(Self.writeGoal)) samples/s",
        ratio: String(format: "%.2fx", rate / Self.writeGoal),
        goal: "≥ 1x " + (rate >= Self.writeGoal ? "✓" : "✗")),
      ReportRow(
        name: "7-day history, 1 of \(queryProbes) probes (step nil)", value: String(format: "%.2f ms", query.millis),
        reference: String(format: "goal %.0f ms", Self.queryGoalMs),
        ratio: String(format: "%.2fx", query.millis / Self.queryGoalMs),
        goal: "< 1x " + (query.millis < Self.queryGoalMs ? "✓" : "✗")),
      ReportRow(
        name: "7-day history, hourly step", value: String(format: "%.2f ms", query.hourlyMillis),
        reference: String(format: "goal %.0f ms", Self.queryGoalMs),
        ratio: String(format: "%.2fx", query.hourlyMillis / Self.queryGoalMs),
        goal: "< 1x " + (query.hourlyMillis < Self.queryGoalMs ? "✓" : "✗")),
    ]
  }

  /// Records rounds of one sample per probe (10 s apart in sample time) until `seconds` pass, then flushes;
  /// the rate counts from the first record to the flush's return.
  private func measureWrites(path: String) async throws -> (samples: Int, seconds: Double, cpuSeconds: Double) {
    let store = try SQLiteHistoryStore(path: path)
    let keys = (0..<writeProbes).map { ProbeKey(target: "target-\($0 / 10)", probe: "probe-\($0)") }
    let start0 = Date().addingTimeInterval(-86400)
    return try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await store.run() }
      let clock = ContinuousClock()
      let start = clock.now
      let cpuStart = Self.processCPUSeconds()
      var samples = 0
      var round = 0
      repeat {
        let time = start0.addingTimeInterval(Double(round) * 10)
        for (index, key) in keys.enumerated() {
          await store.record(Self.sample(key, time, index + round))
        }
        samples += keys.count
        round += 1
      } while (clock.now - start) < .seconds(seconds)
      try await store.flush()
      let elapsed = clock.now - start
      let cpu = Self.processCPUSeconds() - cpuStart
      try await store.close()
      try await group.waitForAll()
      return (samples, Self.seconds(elapsed), cpu)
    }
  }

  /// Fills 7 days (probe 0 every 10 s, the others every 10 min), then times `history` over those 7 days.
  private func measureQuery(path: String) async throws
    -> (filled: Int, points: Int, millis: Double, hourlyPoints: Int, hourlyMillis: Double)
  {
    let store = try SQLiteHistoryStore(path: path)
    let keys = (0..<queryProbes).map { ProbeKey(target: "target-\($0 / 10)", probe: "probe-\($0)") }
    let end = Date()
    let begin = end.addingTimeInterval(-7 * 86400)
    return try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await store.run() }
      var filled = 0
      for step in 0..<(7 * 8640) {
        let time = begin.addingTimeInterval(Double(step) * 10)
        await store.record(Self.sample(keys[0], time, step))
        filled += 1
        if step % 60 == 0 {
          for (index, key) in keys.dropFirst().enumerated() { await store.record(Self.sample(key, time, step + index)) }
          filled += keys.count - 1
        }
      }
      try await store.flush()
      let clock = ContinuousClock()
      var points = 0
      var hourlyPoints = 0
      _ = try await store.history(keys[0], from: begin, to: end, step: nil)  // warm the page cache
      let plain = try await clock.measure {
        for _ in 0..<queryRuns {
          points = try await store.history(keys[0], from: begin, to: end, step: nil).points.count
        }
      }
      let hourly = try await clock.measure {
        for _ in 0..<queryRuns {
          hourlyPoints = try await store.history(keys[0], from: begin, to: end, step: 3600).points.count
        }
      }
      try await store.close()
      try await group.waitForAll()
      return (
        filled, points, Self.seconds(plain) * 1000 / Double(queryRuns), hourlyPoints,
        Self.seconds(hourly) * 1000 / Double(queryRuns)
      )
    }
  }

  /// A plausible sample: mostly fast successes, a failure every 50th run.
  private static func sample(_ key: ProbeKey, _ time: Date, _ n: Int) -> ProbeSample {
    let failed = n % 50 == 0
    return ProbeSample(
      key: key, time: time, success: !failed, statusCode: failed ? 14 : 0, latency: 0.001 * Double(1 + n % 300),
      error: failed ? "unavailable: connection refused" : nil)
  }

  /// CPU time of the whole process (user + system, all threads): on a loaded machine, samples per CPU-second say
  /// more than samples per wall-clock second.
  private static func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }

  private static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
  }

  private static func grouped(_ value: Double) -> String {
    let formatter = NumberFormatter()
    formatter.numberStyle = .decimal
    formatter.maximumFractionDigits = 0
    return formatter.string(from: NSNumber(value: value)) ?? String(format: "%.0f", value)
  }
}
