import AgentConfig
import Foundation
import ProbeStore
import NIOCore
import Testing

@testable import ProbeAgent

@Suite struct ProbeSeriesTableTests {
  typealias F = MetricsFixtures

  @Test func everyFamilyOnceAndProbesInKeyOrder() {
    let metrics = F.populatedMetrics()
    let target = F.target("a-first")
    let probe = F.invoke("z-last")
    metrics.observe(F.outcome(target, probe), target: target, probe: probe)
    let text = metrics.renderString()
    let typeLines = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] }
    #expect(typeLines.count == Set(typeLines).count, "a family appears twice")
    #expect(typeLines.count == AgentMetricsTests.families.count)
    // Samples of a family are contiguous and follow its TYPE line.
    var seen: Set<String> = []
    var current = ""
    for line in text.split(separator: "\n") {
      if line.hasPrefix("# TYPE ") {
        current = String(line.split(separator: " ")[2])
        #expect(seen.insert(current).inserted)
      } else if !line.hasPrefix("#") {
        #expect(line.hasPrefix(current), "\(line) outside its family \(current)")
      }
    }
    let order = Exposition(text).find("reflectprobe_probe_success").map {
      "\($0.labels["target"]!)/\($0.labels["probe"]!)"
    }
    #expect(order == ["a-first/z-last", "demo/get-user", "demo/health", "demo/schema"])
  }

  @Test func renderIsStableBetweenScrapes() {
    let metrics = F.populatedMetrics()
    func probeLines() -> [Substring] {
      metrics.renderString().split(separator: "\n").filter { !$0.contains("process_") }
    }
    #expect(probeLines() == probeLines())
  }

  @Test func bufferRenderMatchesArrayRenderAcrossChunks() {
    let metrics = F.populatedMetrics()
    let probe = F.invoke()
    for index in 0..<400 {
      let target = F.target("t\(index)", labels: ["team": "a \"b\""])
      metrics.observe(F.outcome(target, probe) { $0.phases = ["connect": 0.001] }, target: target, probe: probe)
    }
    func withoutProcess(_ text: String) -> [Substring] {
      text.split(separator: "\n").filter { !$0.contains("process_") }
    }
    let buffer = metrics.renderBuffer()
    #expect(buffer.readableBytes > 64 * 1024)
    let fromBuffer = String(buffer: buffer)
    #expect(withoutProcess(fromBuffer) == withoutProcess(metrics.renderString()))
  }

  @Test func fiveThousandProbesAreCreatedQuickly() {
    let metrics = AgentMetrics(version: "t")
    let probe = F.health()
    let targets = (0..<5_000).map { F.target("t\($0)", labels: ["env": "prod"]) }
    let clock = ContinuousClock()
    let elapsed = clock.measure {
      for target in targets {
        metrics.observe(F.outcome(target, probe) { $0.healthStatus = "SERVING" }, target: target, probe: probe)
      }
    }
    // Quadratic creation (swift-prometheus 2.4.1) took minutes in debug; linear takes well under a second.
    #expect(elapsed < .seconds(5), "creating 5,000 probes' series took \(elapsed)")
    let exposition = Exposition(metrics.render())
    #expect(exposition.find("reflectprobe_probe_success").count == 5_000)
    #expect(exposition.find("reflectprobe_health_status", ["serving_status": "SERVING"]).allSatisfy { $0.value == 1 })
    #expect(exposition.find("reflectprobe_health_status").count == 20_000)
    #expect(exposition.find("reflectprobe_probes_total", ["code": "OK"]).count == 5_000)
  }

  @Test func probeSeriesValues() {
    var series = ProbeSeries(labels: [("target", "t"), ("probe", "p")])
    series.recordDuration(0.005)
    series.recordDuration(0.3)
    series.recordDuration(60)
    #expect(series.durationCounts[0] == 1)
    #expect(series.durationCounts[LatencyBuckets.index(of: 0.3)] == 1)
    #expect(series.durationCounts.last == 1)
    series.countRun(code: "UNAVAILABLE")
    series.countRun(code: "OK")
    series.countRun(code: "OK")
    #expect(series.totals.map(\.code) == ["OK", "UNAVAILABLE"])
    #expect(series.totals.map(\.count) == [2, 1])
    series.setPhases(["call": 0.2, "connect": .nan])
    #expect(series.phases.map(\.phase) == ["call"])
    series.setPhases(["connect": 0.1])
    #expect(series.phases.map(\.phase) == ["call", "connect"])
    #expect(series.phases.map(\.seconds) == [0, 0.1])
    series.countDrift([])
    #expect(series.schemaChanges == [0, 0])
  }

  @Test func tableRecreatesOnLabelChangeAndRetains() {
    let table = ProbeSeriesTable()
    let key = ProbeKey(target: "t", probe: "p")
    table.update(key, labels: [("target", "t"), ("probe", "p")]) { $0.missedRuns += 3 }
    table.update(key, labels: [("target", "t"), ("probe", "p")]) { $0.missedRuns += 1 }
    #expect(table.snapshot().map(\.missedRuns) == [4])
    table.update(key, labels: [("target", "t"), ("probe", "p"), ("env", "x")]) { $0.missedRuns += 1 }
    #expect(table.snapshot().map(\.missedRuns) == [1])
    table.update(ProbeKey(target: "a", probe: "p"), labels: [("target", "a"), ("probe", "p")]) { _ in }
    #expect(table.snapshot().map { $0.labels[0].1 } == ["a", "t"])
    table.retainOnly([key])
    #expect(table.count == 1)
    #expect(table.snapshot().map { $0.labels[0].1 } == ["t"])
  }
}
