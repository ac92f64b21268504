import Foundation

/// The release `reflectprobe agent` on a generated config: `targets` targets named `t0…`, all at the demo's
/// address, one health probe each (`grpc.health.v1` Check of the whole server) at `interval`; history in a temp
/// directory; listening on a free port of 127.0.0.1 (`--listen 127.0.0.1:0`, read back from its
/// `listening on HOST:PORT` line).
final class AgentBenchAgent {
  let process: AgentBenchProcess
  let port: Int

  init(executable: URL, directory: URL, demoAddress: String, targets: Int, interval: String, timeout: String) throws {
    let config = directory.appendingPathComponent("agent.yaml")
    try Self.config(
      database: directory.appendingPathComponent("agent.db").path, demoAddress: demoAddress, targets: targets,
      interval: interval, timeout: timeout
    ).write(to: config, atomically: true, encoding: .utf8)
    process = try AgentBenchProcess(
      name: "reflectprobe agent", executable: executable,
      arguments: ["agent", "--config", config.path, "--listen", "127.0.0.1:0", "--log-level", "warning"],
      log: directory.appendingPathComponent("agent.log"))
    let address = try process.waitForLine(prefix: "listening on ", seconds: 120)
    guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
      throw BenchError("agent printed an unexpected address: \(address)")
    }
    self.port = port
  }

  func stop() { process.stop() }

  static func config(database: String, demoAddress: String, targets: Int, interval: String, timeout: String)
    -> String
  {
    var text = """
      global:
        listen: 127.0.0.1:9464
        database: \(database)
        interval: \(interval)
        timeout: \(timeout)
        max_concurrent_probes: 64
      modules:
        grpc_health:
          health: {service: ""}
      targets:

      """
    for i in 0..<targets {
      text += "  - {name: t\(i), address: \"\(demoAddress)\", probes: [{name: health, module: grpc_health}]}\n"
    }
    return text
  }

  /// One scrape of `/metrics`, reduced to what the benchmarks read.
  func scrape() throws -> AgentMetricsSnapshot {
    let connection = BenchHTTPConnection(port: port, timeout: 60)
    defer { connection.close() }
    let (status, body) = try connection.get("/metrics")
    guard status == 200 else { throw BenchError("agent /metrics answered \(status)") }
    return AgentMetricsSnapshot(String(decoding: body, as: UTF8.self))
  }
}

/// Totals read from one `/metrics` exposition of the agent.
struct AgentMetricsSnapshot {
  /// Sum of `reflectprobe_probes_total` over all probes and codes: runs finished.
  var probes = 0.0
  /// Sum of `reflectprobe_probes_total{code="OK"}`.
  var probesOK = 0.0
  /// Sum of `reflectprobe_probe_missed_runs_total`.
  var missed = 0.0
  /// `reflectprobe_scheduler_start_delay_seconds_bucket`: upper bound → cumulative count (+Inf as infinity).
  var startDelayBuckets: [Double: Double] = [:]

  init(_ text: String) {
    for line in text.split(separator: "\n") where line.first != "#" {
      guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
      if line.hasPrefix("reflectprobe_probes_total{") {
        probes += value
        if line.contains("code=\"OK\"") { probesOK += value }
      } else if line.hasPrefix("reflectprobe_probe_missed_runs_total") {
        missed += value
      } else if line.hasPrefix("reflectprobe_scheduler_start_delay_seconds_bucket{") {
        guard let start = line.range(of: "le=\""), let end = line[start.upperBound...].firstIndex(of: "\"") else { continue }
        let text = line[start.upperBound..<end]
        guard let bound = text == "+Inf" ? Double.infinity : Double(text) else { continue }
        startDelayBuckets[bound] = value
      }
    }
  }

  /// The `q` quantile of the start delays observed between `earlier` and this snapshot, interpolated linearly
  /// within the bucket that holds it (as PromQL's `histogram_quantile`); nil without observations.
  func startDelayQuantile(_ q: Double, since earlier: AgentMetricsSnapshot?) -> Double? {
    let bounds = startDelayBuckets.keys.sorted()
    let counts = bounds.map { (startDelayBuckets[$0] ?? 0) - (earlier?.startDelayBuckets[$0] ?? 0) }
    guard let total = counts.last, total > 0 else { return nil }
    let rank = q * total
    var lower = 0.0
    var below = 0.0
    for (bound, count) in zip(bounds, counts) {
      if count >= rank {
        guard bound.isFinite else { return lower }  // beyond the last finite bucket: its bound, a lower limit
        return lower + (bound - lower) * (count > below ? (rank - below) / (count - below) : 1)
      }
      lower = bound
      below = count
    }
    return lower
  }

  /// Observations counted by the start-delay histogram between `earlier` and this snapshot.
  func startDelayCount(since earlier: AgentMetricsSnapshot?) -> Double {
    (startDelayBuckets[.infinity] ?? 0) - (earlier?.startDelayBuckets[.infinity] ?? 0)
  }
}
