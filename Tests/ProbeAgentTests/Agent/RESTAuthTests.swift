import Foundation
import Testing

/// `api.token`: the real agent refuses requests without the bearer token, except on the public paths.
@Suite(.serialized) struct RESTAuthTests {
  @Test func bearerTokenIsRequiredExceptOnPublicPaths() async throws {
    let fixture = try AgentFixture()
    defer { fixture.remove() }
    try fixture.write(
      """
      global: {database: \(fixture.databasePath), interval: 10s, timeout: 5s, shutdown_grace_period: 3s}
      api: {token: "${API_TOKEN}"}
      targets: []
      """)
    let agent = try await AgentProcess.start(config: fixture.configPath, environment: ["API_TOKEN": "s3cret-token"])
    defer { agent.stop() }

    let (missing, missingBody) = try await agent.get("/api/v1/targets")
    #expect(missing == 401 && missingBody.contains(#""code":"unauthorized""#), "\(missingBody)")
    #expect(try await agent.get("/api/v1/targets", headers: ["Authorization": "Bearer wrong"]).status == 401)
    #expect(try await agent.get("/api/v1/targets", headers: ["Authorization": "Bearer s3cret-token"]).status == 200)
    #expect(try await agent.get("/api/v1/targets", headers: ["Authorization": "bearer s3cret-token"]).status == 200)
    #expect(try await agent.get("/-/ready").status == 401)
    #expect(try await agent.get("/metrics").status == 200)
    #expect(try await agent.get("/-/healthy").status == 200)
    #expect(try await agent.get("/nope").status == 401, "unknown paths reveal nothing without the token")
    #expect(!agent.stderr.contains("s3cret-token"), "the token is never logged")
  }
}
