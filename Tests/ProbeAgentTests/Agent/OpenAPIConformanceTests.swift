import Foundation
import Testing

@testable import ProbeAgent

/// The OpenAPI document (`GET /api/v1/openapi.json`) against the real agent: it validates
/// (`openapi-spec-validator`), it lists exactly the routes the listener serves, and a bounded schemathesis run
/// (every check, `Tests/Scripts/schemathesis.toml`) against the agent probing the demo and the Python peer finds
/// no 5xx and no answer that contradicts the document. Needs the venv (`make venv` or `REFLECTPROBE_PYTHON`): a
/// missing tool fails these tests.
@Suite(.serialized) struct OpenAPIConformanceTests {
  static let token = "conformance-token-7f3a"

  @Test func documentIsValidOpenAPI() async throws {
    let python = try ToolProcess.venvPython()
    try await withConformanceAgent { agent, directory in
      let document = try await Self.fetchDocument(agent, into: directory)
      let result = try await ToolProcess.run(
        python,
        [
          "-c",
          "import json, sys; from openapi_spec_validator import validate; "
            + "validate(json.load(open(sys.argv[1]))); print('valid')",
          document.path,
        ], in: directory, timeout: .seconds(60))
      #expect(result.status == 0, "openapi-spec-validator:\n\(result.output.suffix(6000))")
    }
  }

  /// Each route of ``AgentRoutes`` is documented with its methods, and nothing else is.
  @Test func documentListsExactlyTheServedRoutes() throws {
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
    let paths = try #require(document["paths"] as? [String: [String: Any]])
    let served = Dictionary(
      uniqueKeysWithValues: AgentRoutes.all.map { route in
        (AgentRoutes.openAPIPath(route.path), Set(route.methods.map { $0.rawValue.lowercased() }))
      })
    let documented = paths.mapValues { Set($0.keys.filter { $0 != "parameters" }) }
    #expect(documented == served)
    // Every operation but the public ones declares 401.
    for (path, operations) in paths {
      for (method, operation) in operations {
        let operation = try #require(operation as? [String: Any])
        let responses = try #require(operation["responses"] as? [String: Any])
        let isPublic = (operation["security"] as? [Any])?.isEmpty == true
        #expect(isPublic == ["/metrics", "/-/healthy"].contains(path), "\(method) \(path)")
        #expect(isPublic || responses["401"] != nil, "\(method) \(path) documents 401")
      }
    }
  }

  /// schemathesis, bounded: 100 examples per operation (and the stateful phase along the document's links), one
  /// worker (CPython 3.11 can fail parsing lambdas in several threads at once), the process killed after 2 minutes.
  @Test func schemathesisFindsNoContradiction() async throws {
    let schemathesis = try ToolProcess.venvTool("schemathesis")
    try await withConformanceAgent { agent, directory in
      let document = try await Self.fetchDocument(agent, into: directory, addingPeerExamples: true)
      let config = PeerProcess.repoRoot.appendingPathComponent("Tests/Scripts/schemathesis.toml").path
      let result = try await ToolProcess.run(
        schemathesis,
        [
          "--config-file", config, "--no-color", "run", document.path, "--url", agent.baseURL,
          "--checks", "all", "-H", "Authorization: Bearer \(Self.token)",
          "--max-examples", "100", "--workers", "1", "--request-timeout", "20", "--seed", "20261125",
          "--generation-database", "none",
        ], in: directory, timeout: .seconds(120))
      let summary = "schemathesis (\(result.elapsed), exit \(result.status.map(String.init) ?? "killed at 2 min")):"
      #expect(
        result.status == 0, "\(summary)\n\(result.output.suffix(12000))\nagent log:\n\(agent.stderr.suffix(3000))")
      let phases = result.output.components(separatedBy: "Test Phases:").last ?? ""
      print("\(summary)\n\(phases.prefix(1500))")
    }
  }

  /// Starts the demo, the Python peer and the agent (token required) probing both; `body` gets the agent and a
  /// temp directory.
  private func withConformanceAgent(_ body: (AgentProcess, URL) async throws -> Void) async throws {
    let fixture = try AgentFixture()
    defer { fixture.remove() }
    try await withPeer(PeerProcess.demo()) { demo in
      try await withPeer(PeerProcess.python()) { python in
        try fixture.write(
          """
          global: {database: \(fixture.databasePath), interval: 500ms, timeout: 400ms, shutdown_grace_period: 3s}
          api: {token: "\(Self.token)"}
          modules:
            server_health:
              health: {service: ""}
          targets:
            - name: demo
              address: \(demo.address)
              labels: {env: test}
              probes:
                - {name: server-health, module: server_health}
                - {name: schema, discovery: {}}
            - name: python
              address: \(python.address)
              probes:
                - {name: health, module: server_health}
          """)
        let agent = try await AgentProcess.start(config: fixture.configPath)
        defer { agent.stop() }
        try await agent.waitForMetrics("the first probe runs") {
          $0.value("reflectprobe_probe_success", ["target": "demo", "probe": "server-health"]) != nil
        }
        try await body(agent, fixture.directory)
      }
    }
  }

  /// The served document, saved to a file; with `addingPeerExamples`, examples for the Python peer target are
  /// added next to the document's own (which name the demo), so schemathesis also calls its streaming methods.
  private static func fetchDocument(_ agent: AgentProcess, into directory: URL, addingPeerExamples: Bool = false)
    async throws -> URL
  {
    let (status, text) = try await agent.get(
      "/api/v1/openapi.json", headers: ["Authorization": "Bearer \(token)"])
    try #require(status == 200, "GET /api/v1/openapi.json: \(status) \(text)")
    var data = Data(text.utf8)
    if addingPeerExamples {
      guard var document = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw PeerError("the OpenAPI document is not a JSON object")
      }
      PeerExamples.add(to: &document)
      data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
    }
    let file = directory.appendingPathComponent("openapi.json")
    try data.write(to: file)
    return file
  }
}
