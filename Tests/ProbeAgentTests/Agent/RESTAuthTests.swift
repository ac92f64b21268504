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

  /// With no token configured the agent generates one into `api-token` beside the database (mode 0600), requires
  /// it, and keeps it across restarts; `require_token: false` opens the listener; `token_file` reads a file.
  @Test func tokenIsRequiredByDefaultAndGeneratedOnce() async throws {
    let fixture = try AgentFixture()
    defer { fixture.remove() }
    let tokenPath = fixture.directory.appendingPathComponent("api-token").path
    try Self.writeConfig(fixture, api: "")
    var first: String?
    do {
      let agent = try await AgentProcess.start(config: fixture.configPath)
      defer { agent.stop() }
      first = agent.generatedToken
      let token = try #require(first)
      #expect(token.count == 64 && token.allSatisfy(\.isHexDigit), "\(token)")
      let mode = try FileManager.default.attributesOfItem(atPath: tokenPath)[.posixPermissions] as? Int
      #expect(mode == 0o600)
      #expect(try await AgentProcess.request(agent.baseURL + "/api/v1/targets", method: "GET").status == 401)
      #expect(try await agent.get("/api/v1/targets").status == 200)
      #expect(try await AgentProcess.request(agent.baseURL + "/metrics", method: "GET").status == 200)
      #expect(agent.stderr.contains("generated an API token"), "\(agent.stderr)")
      #expect(!agent.stderr.contains(token), "the token is never logged")
    }
    do {
      let agent = try await AgentProcess.start(config: fixture.configPath)
      defer { agent.stop() }
      #expect(agent.generatedToken == first, "a restart reuses the token")
      #expect(try await agent.get("/api/v1/targets").status == 200)
    }

    try "from-a-file\n".write(
      toFile: fixture.directory.appendingPathComponent("t").path, atomically: true, encoding: .utf8)
    try Self.writeConfig(fixture, api: "api: {token_file: t}")
    do {
      let agent = try await AgentProcess.start(config: fixture.configPath)
      defer { agent.stop() }
      let url = agent.baseURL + "/api/v1/targets"
      #expect(
        try await AgentProcess.request(url, method: "GET", headers: ["Authorization": "Bearer \(first!)"]).status == 401
      )
      #expect(
        try await AgentProcess.request(url, method: "GET", headers: ["Authorization": "Bearer from-a-file"]).status
          == 200)
    }

    try Self.writeConfig(fixture, api: "api: {require_token: false}")
    do {
      let agent = try await AgentProcess.start(config: fixture.configPath)
      defer { agent.stop() }
      #expect(try await AgentProcess.request(agent.baseURL + "/api/v1/targets", method: "GET").status == 200)
    }
  }

  /// A config with no targets and the given `api:` line (none when empty).
  static func writeConfig(_ fixture: AgentFixture, api: String) throws {
    try fixture.write(
      """
      global: {database: \(fixture.databasePath), interval: 10s, timeout: 5s, shutdown_grace_period: 3s}
      \(api)
      targets: []
      """)
  }
}
