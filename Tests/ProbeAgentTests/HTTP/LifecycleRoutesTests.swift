import Foundation
import Testing

@testable import ProbeAgent

@Suite struct LifecycleRoutesTests {
  @Test func healthyReadyAndReload() async throws {
    let runtime = FakeRuntime()
    try await AgentServerHarness.withServer(runtime.dependencies) { client in
      let healthy = try await client.get("/-/healthy")
      #expect(healthy.status == 200 && healthy.body == "OK\n")

      let notReady = try await client.get("/-/ready")
      #expect(notReady.status == 503)
      #expect(notReady.header("content-type")?.hasPrefix("application/json") == true)
      let error = try JSONErrorBody(notReady.body)
      #expect(error.code == "not_ready")
      runtime.ready.withLock { $0 = true }
      #expect(try await client.get("/-/ready").status == 200)

      #expect(try await client.post("/-/reload").status == 200)
      runtime.reloadError.withLock { $0 = "reflectprobe.yaml:3:5: unknown key 'intervl'" }
      let failed = try await client.post("/-/reload")
      #expect(failed.status == 500)
      let reason = try JSONErrorBody(failed.body)
      #expect(reason.code == "reload_failed")
      #expect(reason.message.contains("reflectprobe.yaml:3:5: unknown key 'intervl'"))
    }
  }

  @Test func unknownRoutesAndMethodsAnswerJSON() async throws {
    try await AgentServerHarness.withServer(FakeRuntime().dependencies) { client in
      let missing = try await client.get("/nope")
      #expect(missing.status == 404)
      #expect(try JSONErrorBody(missing.body).code == "not_found")
      // A known path answers other methods 405 with Allow (HEAD goes with GET).
      let wrongMethod = try await client.get("/-/reload")
      #expect(wrongMethod.status == 405 && wrongMethod.header("allow") == "POST")
      #expect(try JSONErrorBody(wrongMethod.body).code == "method_not_allowed")
      let trace = try await client.send("TRACE", "/metrics")
      #expect(trace.status == 405 && trace.header("allow") == "GET, HEAD")
      let head = try await client.send("HEAD", "/-/healthy")
      #expect(head.status == 200)
    }
  }
}

/// `{"error": {"code", "message"}}`.
struct JSONErrorBody: Decodable {
  struct Inner: Decodable {
    var code: String
    var message: String
  }
  var error: Inner
  var code: String { error.code }
  var message: String { error.message }

  init(_ body: String) throws {
    self = try JSONDecoder().decode(Self.self, from: Data(body.utf8))
  }
}
