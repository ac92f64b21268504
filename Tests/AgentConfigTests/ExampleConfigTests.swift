import Foundation
import Testing

@testable import AgentConfig

/// `etc/reflectprobe.yaml`, the config `make run` uses against the demo server, must load.
@Suite struct ExampleConfigTests {
  static let path = (Fixtures.repoRoot as NSString).appendingPathComponent("etc/reflectprobe.yaml")

  @Test func exampleConfigLoads() throws {
    let config = try ConfigLoader(environment: [:], workingDirectory: "/tmp").load(path: Self.path)
    let demo = try #require(config.targets.first)
    #expect(config.targets.count == 1 && demo.address == "127.0.0.1:50051")
    #expect(
      demo.probes.map(\.name) == [
        "server-health", "users-health", "schema", "get-user", "update-profile", "list-users", "search-products",
      ])
    #expect(demo.probes.map(\.kind.name) == ["health", "health", "discovery", "invoke", "invoke", "invoke", "invoke"])
    #expect(demo.probes.allSatisfy { $0.timeout < $0.interval })
    guard case .invoke(let update) = demo.probes[4].kind else { throw RunnerError("update-profile is not invoke") }
    #expect(update.metadata == [MetadataEntry(name: "x-api-key", value: "demo-key", secret: true)])
    #expect(update.requestJSON == #"{"user_id":2,"profile":{"bio":"Computability"},"field_mask":"bio"}"#)
  }

  @Test func theApiKeyComesFromTheEnvironmentWhenSet() throws {
    let config = try ConfigLoader(environment: ["REFLECTPROBE_DEMO_API_KEY": "other"], workingDirectory: "/tmp")
      .load(path: Self.path)
    guard case .invoke(let update) = config.targets[0].probes[4].kind else { throw RunnerError("not invoke") }
    #expect(update.metadata.first?.value == "other")
  }
}

struct RunnerError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}
