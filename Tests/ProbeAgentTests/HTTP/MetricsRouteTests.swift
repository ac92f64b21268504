import Foundation
import Testing

@testable import ProbeAgent

@Suite struct MetricsRouteTests {
  @Test func metricsOverHTTPPassPromtool() async throws {
    try await AgentServerHarness.withServer(FakeRuntime().dependencies) { client in
      let response = try await client.get("/metrics")
      #expect(response.status == 200)
      #expect(response.header("content-type") == "text/plain; version=0.0.4; charset=utf-8")
      let exposition = Exposition(response.body)
      #expect(exposition.value("reflectprobe_probe_success", ["probe": "health"]) == 1)
      let check = try Promtool.checkMetrics(Array(response.body.utf8))
      #expect(check.status == 0 && check.output == "", "promtool: \(check.output)")
    }
  }
}
