import Foundation

/// Rows and notes of one part of the agent benchmarks.
struct AgentBenchResult {
  var rows: [ReportRow] = []
  var notes: [String] = []
}

extension AgentBench {
  /// (a) CPU seconds per 10,000 health probes, reflectprobe agent vs blackbox_exporter, same rate and server.
  func measureCPU(demo: DemoProcess, directory: URL) throws -> AgentBenchResult {
    var result = AgentBenchResult()
    let expected = Int(Double(probeRate) * probeSeconds)

    // reflectprobe: probeRate targets × one probe at 1 s = probeRate probes/s.
    let agent = try AgentBenchAgent(
      executable: Self.products.appendingPathComponent("reflectprobe"),
      directory: directory.appendingPathComponent("cpu-agent", isDirectory: true).created(),
      demoAddress: demo.address, targets: probeRate, interval: "1s", timeout: "900ms")
    defer { agent.stop() }
    Thread.sleep(forTimeInterval: 3)  // every probe has connected and run at least once
    let before = try agent.scrape()
    let agentCPU0 = try agent.process.cpuSeconds()
    let switches0 = agent.process.contextSwitches()
    Thread.sleep(forTimeInterval: probeSeconds)
    let agentCPU1 = try agent.process.cpuSeconds()
    let switches1 = agent.process.contextSwitches()
    let after = try agent.scrape()
    agent.stop()
    let agentRuns = after.probes - before.probes
    let agentOK = after.probesOK - before.probesOK
    guard agentRuns > 0 else { throw BenchError("the agent ran no probe:\n\(agent.process.tail())") }
    let agentPer10k = (agentCPU1 - agentCPU0) / agentRuns * 10_000

    // blackbox_exporter: /probe at the same rate.
    let blackbox = try AgentBenchBlackbox(
      directory: directory.appendingPathComponent("cpu-blackbox", isDirectory: true).created())
    defer { blackbox.stop() }
    let warmUp = blackbox.drive(target: demo.address, rate: Double(probeRate), total: probeRate)
    guard warmUp.succeeded > 0 else {
      throw BenchError("blackbox_exporter probes fail: \(warmUp.failures.first ?? "?")\n\(blackbox.process.tail())")
    }
    let blackboxCPU0 = try blackbox.process.cpuSeconds()
    let drive = blackbox.drive(target: demo.address, rate: Double(probeRate), total: expected)
    let blackboxCPU1 = try blackbox.process.cpuSeconds()
    blackbox.stop()
    let blackboxPer10k = (blackboxCPU1 - blackboxCPU0) / Double(max(drive.requests, 1)) * 10_000

    // The floor: a bare generated grpc-swift-2 client, same calls, same rate, same server (a child process).
    let floorProcess = try AgentBenchProcess(
      name: "health floor", executable: Self.products.appendingPathComponent("reflectprobe-bench"),
      arguments: [
        "--health-floor", demo.address, "--rate", "\(probeRate)", "--warm-up", "3", "--seconds", "\(probeSeconds)",
      ],
      log: directory.appendingPathComponent("floor.log"))
    defer { floorProcess.stop() }
    let floorLine = try floorProcess.waitForLine(prefix: "floor: ", seconds: probeSeconds + 60)
    let floor = Dictionary(
      floorLine.split(separator: " ").compactMap { field -> (String, Double)? in
        let parts = field.split(separator: "=")
        guard parts.count == 2, let value = Double(parts[1]) else { return nil }
        return (String(parts[0]), value)
      }, uniquingKeysWith: { $1 })
    guard let floorCalls = floor["calls"], floorCalls > 0, let floorCPU = floor["cpu"] else {
      throw BenchError("the health floor failed: \(floorLine)")
    }
    let floorPer10k = floorCPU / floorCalls * 10_000

    let ratio = agentPer10k / blackboxPer10k
    result.rows.append(
      ReportRow(
        name: "(a) CPU per 10,000 health probes at \(probeRate)/s: agent vs blackbox_exporter",
        value: String(format: "%.2f s", agentPer10k), reference: String(format: "%.2f s", blackboxPer10k),
        ratio: String(format: "%.2f×", ratio), goal: "≤ 0.3× " + (ratio <= 0.3 ? "✓" : "✗")))
    result.rows.append(
      ReportRow(
        name:
          "(a) *floor:* bare generated grpc-swift-2 health client, same calls at \(probeRate)/s, vs blackbox_exporter",
        value: String(format: "%.2f s", floorPer10k), reference: String(format: "%.2f s", blackboxPer10k),
        ratio: String(format: "%.2f×", floorPer10k / blackboxPer10k),
        goal: String(format: "agent = %.2f× floor", agentPer10k / floorPer10k)))
    result.notes.append(
      "(a) reflectprobe: \(Int(agentRuns)) runs (\(Int(agentOK)) OK) in \(Int(probeSeconds)) s, "
        + String(format: "%.2f CPU s", agentCPU1 - agentCPU0) + " (includes its SQLite history writes); "
        + "blackbox_exporter: \(drive.requests) /probe requests (\(drive.succeeded) probe_success 1), "
        + String(format: "%.2f CPU s", blackboxCPU1 - blackboxCPU0) + "; only the prober process is counted; "
        + String(format: "agent context switches per probe %.1f", (switches1 - switches0) / agentRuns)
        + "; floor: \(Int(floorCalls)) calls (\(Int(floor["ok"] ?? 0)) SERVING), "
        + String(format: "%.2f CPU s", floorCPU))
    if drive.succeeded < drive.requests {
      result.notes.append("(a) blackbox_exporter failures, first: \(drive.failures.first ?? "?")")
    }
    if agentOK < agentRuns { result.notes.append("(a) the agent had \(Int(agentRuns - agentOK)) failed runs") }
    return result
  }
}

extension URL {
  /// Creates the directory (and parents) and returns it.
  func created() throws -> URL {
    try FileManager.default.createDirectory(at: self, withIntermediateDirectories: true)
    return self
  }
}
