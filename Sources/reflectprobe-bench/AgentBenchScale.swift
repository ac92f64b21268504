import Foundation

extension AgentBench {
  /// (b) `scaleTargets` health probes at 10 s for `scaleSeconds`: start-delay p99, peak RSS, runs and misses.
  func measureScale(demo: DemoProcess, directory: URL) throws -> AgentBenchResult {
    var result = AgentBenchResult()
    let started = Date()
    let agent = try AgentBenchAgent(
      executable: Self.products.appendingPathComponent("reflectprobe"),
      directory: directory.appendingPathComponent("scale-agent", isDirectory: true).created(),
      demoAddress: demo.address, targets: scaleTargets, interval: "10s", timeout: "5s")
    defer { agent.stop() }
    let startup = Date().timeIntervalSince(started)
    // The first round (10 s) creates every probe's metric series; steady state is measured after it.
    let warmUpEnd = Date().addingTimeInterval(12)
    var peakRSS = 0.0
    while Date() < warmUpEnd {
      peakRSS = max(peakRSS, agent.process.statusBytes("VmRSS") ?? 0)
      Thread.sleep(forTimeInterval: min(0.5, max(warmUpEnd.timeIntervalSinceNow, 0)))
    }
    let before = try agent.scrape()
    let end = Date().addingTimeInterval(scaleSeconds)
    while Date() < end {
      peakRSS = max(peakRSS, agent.process.statusBytes("VmRSS") ?? 0)
      Thread.sleep(forTimeInterval: min(0.5, max(end.timeIntervalSinceNow, 0)))
    }
    let endRSS = agent.process.statusBytes("VmRSS") ?? 0
    let after = try agent.scrape()
    peakRSS = max(peakRSS, agent.process.statusBytes("VmRSS") ?? 0, agent.process.statusBytes("VmHWM") ?? 0)
    let cpu = try agent.process.cpuSeconds()
    agent.stop()

    let runs = after.probes - before.probes
    let observed = after.startDelayCount(since: before)
    guard observed > 0, let p99 = after.startDelayQuantile(0.99, since: before) else {
      throw BenchError("no start delay observed:\n\(agent.process.tail())")
    }
    let p50 = after.startDelayQuantile(0.5, since: before) ?? .nan
    let wholeP99 = after.startDelayQuantile(0.99, since: nil) ?? .nan
    let title = "\(scaleTargets.formatted()) targets at 10 s, \(Int(scaleSeconds)) s after the first round"
    result.rows += [
      ReportRow(
        name: "(b) start-time jitter p99, \(title)",
        value: Self.milliseconds(p99, lastBound: after.startDelayBuckets.keys.filter(\.isFinite).max()),
        reference: String(format: "p50 %.1f ms", p50 * 1000), ratio: "—",
        goal: "< 100 ms " + (p99 < 0.1 ? "✓" : "✗")),
      ReportRow(
        name: "(b) jitter p99 including the first round (series creation)",
        value: Self.milliseconds(wholeP99, lastBound: after.startDelayBuckets.keys.filter(\.isFinite).max()),
        reference: "\(Int(after.startDelayCount(since: nil)).formatted()) starts", ratio: "—",
        goal: "< 100 ms " + (wholeP99 < 0.1 ? "✓" : "✗")),
      ReportRow(
        name: "(b) peak RSS, \(title)", value: String(format: "%.0f MB", peakRSS / 1e6),
        reference: String(format: "%.0f MB at the end", endRSS / 1e6), ratio: "—",
        goal: "< 150 MB " + (peakRSS < 150e6 ? "✓" : "✗")),
      ReportRow(
        name: "(b) runs / missed runs, \(title)", value: "\(Int(runs).formatted()) / \(Int(after.missed).formatted())",
        reference: "≈ \(Int(Double(scaleTargets) * scaleSeconds / 10).formatted()) due", ratio: "—", goal: "—"),
    ]
    result.notes.append(
      "(b) start delay = actual start − scheduled slot (timer lateness + wait for one of 64 concurrency slots), "
        + "\(Int(observed).formatted()) starts between two scrapes taken after a 12 s warm-up (the first round); p99 interpolated linearly within its bucket "
        + "of reflectprobe_scheduler_start_delay_seconds; agent startup \(String(format: "%.1f", startup)) s; "
        + "\(Int(after.probesOK - before.probesOK).formatted()) runs OK; agent CPU "
        + String(format: "%.1f s", cpu) + " over the whole run; one demo server answered all targets")
    return result
  }

  /// `12.3 ms`, or `≥ 10000 ms` when the quantile lies beyond the last finite bucket.
  static func milliseconds(_ seconds: Double, lastBound: Double?) -> String {
    if let lastBound, seconds >= lastBound { return String(format: "≥ %.0f ms", lastBound * 1000) }
    return String(format: "%.1f ms", seconds * 1000)
  }
}
