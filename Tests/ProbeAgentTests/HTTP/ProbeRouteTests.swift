import Foundation
import Testing

@testable import ProbeAgent

@Suite struct ProbeRouteTests {
  @Test func healthModuleAnswersBlackboxFamilies() async throws {
    let runtime = FakeRuntime()
    try await AgentServerHarness.withServer(runtime.dependencies) { client in
      let response = try await client.get("/probe?target=demo&module=grpc_health")
      #expect(response.status == 200)
      #expect(response.header("content-type") == "text/plain; version=0.0.4; charset=utf-8")
      let exposition = Exposition(response.body)
      #expect(exposition.value("probe_success") == 1)
      #expect(exposition.value("probe_duration_seconds") == 0.012)
      #expect(exposition.value("probe_grpc_status_code") == 0)
      #expect(exposition.value("probe_grpc_healthcheck_response", ["serving_status": "SERVING"]) == 1)
      #expect(exposition.value("probe_grpc_healthcheck_response", ["serving_status": "NOT_SERVING"]) == 0)
      #expect(exposition.value("probe_grpc_duration_seconds", ["phase": "call"]) == 0.002)
      // Only this request's families: nothing of the agent's own registry.
      #expect(exposition.samples.allSatisfy { $0.name.hasPrefix("probe_") })
      let check = try Promtool.checkMetrics(Array(response.body.utf8))
      #expect(check.status == 0 && check.output == "", "promtool: \(check.output)")
      #expect(runtime.calls.withLock { $0 } == [.init(target: "demo", probe: "grpc_health", timeout: .seconds(5))])
    }
  }

  @Test func targetByAddressAndModuleByProbeName() async throws {
    let runtime = FakeRuntime()
    try await AgentServerHarness.withServer(runtime.dependencies) { client in
      // Prometheus URL-encodes the address it puts in `target`.
      let response = try await client.get("/probe?target=127.0.0.1%3A50051&module=get-user")
      #expect(response.status == 200)
      let exposition = Exposition(response.body)
      #expect(exposition.value("probe_success") == 0)
      #expect(exposition.value("probe_grpc_status_code") == 5)
      #expect(exposition.find("probe_grpc_healthcheck_response").isEmpty)
      // The discovery probe belongs to the other target: found through that target only.
      #expect(try await client.get("/probe?target=users&module=schema").status == 200)
      #expect(try await client.get("/probe?target=demo&module=schema").status == 400)
      #expect(runtime.calls.withLock { $0.map(\.probe) } == ["get-user", "schema"])
    }
  }

  @Test func scrapeTimeoutHeaderLowersTheDeadline() async throws {
    let runtime = FakeRuntime()
    try await AgentServerHarness.withServer(runtime.dependencies) { client in
      let header = "X-Prometheus-Scrape-Timeout-Seconds"
      #expect(try await client.get("/probe?target=demo&module=health", headers: [header: "3"]).status == 200)
      #expect(try await client.get("/probe?target=demo&module=health", headers: [header: "60"]).status == 200)
      let bad = try await client.get("/probe?target=demo&module=health", headers: [header: "soon"])
      #expect(bad.status == 400)
      #expect(try JSONErrorBody(bad.body).code == "invalid_scrape_timeout")
      #expect(runtime.calls.withLock { $0.map(\.timeout) } == [.milliseconds(2500), .seconds(5)])
    }
  }

  @Test func onlyConfiguredTargets() async throws {
    let runtime = FakeRuntime()
    try await AgentServerHarness.withServer(runtime.dependencies) { client in
      let unknown = try await client.get("/probe?target=10.1.2.3:443&module=grpc_health")
      #expect(unknown.status == 404)
      let error = try JSONErrorBody(unknown.body)
      #expect(error.code == "target_not_found")
      #expect(error.message.contains("'10.1.2.3:443' is not configured"))
      #expect(error.message.contains("demo, users"))

      let noTarget = try await client.get("/probe?module=grpc_health")
      #expect(noTarget.status == 400)
      #expect(try JSONErrorBody(noTarget.body).code == "missing_target")
      let noModule = try await client.get("/probe?target=demo")
      #expect(noModule.status == 400)
      #expect(try JSONErrorBody(noModule.body).code == "missing_module")
      let badModule = try await client.get("/probe?target=demo&module=http_2xx")
      #expect(badModule.status == 400)
      let badModuleError = try JSONErrorBody(badModule.body)
      #expect(badModuleError.code == "unknown_module")
      #expect(badModuleError.message.contains("grpc_health") && badModuleError.message.contains("get-user"))
      #expect(runtime.calls.withLock { $0.isEmpty })
    }
  }

  @Test func probeThatCannotRunIs503() async throws {
    let runtime = FakeRuntime()
    runtime.probeError.withLock { $0 = HTTPTestClient.Failure(description: "the agent is shutting down") }
    try await AgentServerHarness.withServer(runtime.dependencies) { client in
      let response = try await client.get("/probe?target=demo&module=health")
      #expect(response.status == 503)
      let error = try JSONErrorBody(response.body)
      #expect(error.code == "probe_unavailable")
      #expect(error.message.contains("the agent is shutting down"))
    }
  }
}
