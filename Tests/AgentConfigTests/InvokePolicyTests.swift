import Foundation
import Testing

@testable import AgentConfig

/// `allow_invoke` and `invoke_methods`: which methods the REST API may invoke on a target.
@Suite struct InvokePolicyTests {
  @Test func defaultsAllowEverythingAndKeysRestrict() throws {
    let config = try LoaderBehaviourTests.load(
      """
      targets:
        - {name: open, address: "h:1"}
        - {name: closed, address: "h:1", allow_invoke: false}
        - name: listed
          address: h:1
          invoke_methods: [api.users.UserService/GetUser, api.users.UserService.UpdateProfile, peer.v1.Peer/*]
      """)
    let (open, closed, listed) = (config.targets[0], config.targets[1], config.targets[2])
    #expect(open.allowInvoke && open.invokeMethods == nil && open.allowsInvoking("a.B/C"))
    #expect(!closed.allowInvoke && !closed.allowsInvoking("a.B/C"))
    #expect(listed.allowsInvoking("api.users.UserService/GetUser"))
    #expect(listed.allowsInvoking("api.users.UserService/UpdateProfile"))
    #expect(listed.allowsInvoking("peer.v1.Peer/Echo"))
    #expect(!listed.allowsInvoking("api.users.UserService/ListUsers"))
    #expect(!listed.allowsInvoking("peer.v1.PeerX/Echo"))
  }

  @Test func wrongTypesAreReported() {
    let messages = LoaderBehaviourTests.messages(
      #"targets: [{name: a, address: "h:1", allow_invoke: maybe, invoke_methods: 3}]"#)
    #expect(messages.count == 2, "\(messages)")
    #expect(messages.contains { $0.contains("targets[0].allow_invoke") }, "\(messages)")
  }
}

/// `api:`: the bearer token and the paths open without it.
@Suite struct APISectionTests {
  @Test func tokenFromTheEnvironmentAndDefaultPublicPaths() throws {
    let config = try ConfigLoader(environment: ["T": "abc"], workingDirectory: Fixtures.directory)
      .load(yaml: #"api: {token: "${T}"}"#, file: "c.yaml")
    #expect(config.api.token == "abc" && config.api.publicPaths == ["/metrics", "/-/healthy"])
    #expect(try LoaderBehaviourTests.load("targets: []").api.token == nil)
    let messages = LoaderBehaviourTests.messages(#"api: {token: "", public_paths: [metrics], other: 1}"#)
    #expect(messages.count == 3, "\(messages)")
  }

  @Test func tokenRequiredByDefaultTokenFileAndOptOut() throws {
    #expect(try LoaderBehaviourTests.load("targets: []").api.requireToken)
    #expect(try !LoaderBehaviourTests.load("api: {require_token: false}").api.requireToken)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("api-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try "t0ken\n".write(toFile: dir + "/token", atomically: true, encoding: .utf8)
    let loader = ConfigLoader(environment: [:], workingDirectory: dir)
    #expect(try loader.load(yaml: "api: {token_file: token}", file: "c.yaml").api.token == "t0ken")
    let both = LoaderBehaviourTests.messages(#"api: {token: x, token_file: token}"#)
    #expect(both.count == 1 && both[0].contains("api.token_file: set either token or token_file, not both"), "\(both)")
    let missing = LoaderBehaviourTests.messages(#"api: {token_file: /no/such/file, require_token: "no"}"#)
    #expect(missing.contains { $0.contains("api.token_file: cannot read secret file /no/such/file") }, "\(missing)")
    #expect(missing.contains { $0.contains("api.require_token") }, "\(missing)")
  }
}
