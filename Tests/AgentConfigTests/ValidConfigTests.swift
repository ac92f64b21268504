import Foundation
import Testing

@testable import AgentConfig

/// `valid-full.yaml` sets every field: each must land in the model, modules merged, secrets and paths resolved.
@Suite struct ValidConfigTests {
  let config: AgentConfiguration

  init() throws { config = try Fixtures.load("valid-full.yaml") }

  @Test func global() {
    var expected = GlobalSettings()
    expected.listen = "[::1]:9465"
    expected.databasePath = Fixtures.path("history/probes.db")
    expected.interval = .seconds(60)
    expected.timeout = .seconds(20)
    expected.maxConcurrentProbes = 8
    expected.shutdownGracePeriod = .seconds(5)
    expected.sharding = Sharding(total: 3, index: 2)
    expected.retention.raw = .seconds(86_400)
    expected.retention.minute = .seconds(14 * 86_400)
    expected.retention.hour = .seconds(365 * 86_400)
    #expect(config.global == expected)
  }

  @Test func modules() {
    #expect(config.modules.keys.sorted() == ["get_user", "grpc_health"])
    var health = ProbeModule(
      name: "grpc_health", kind: .health(HealthProbeSettings()), interval: .seconds(15), timeout: .seconds(5))
    health.labels = ["tier": "core", "team": "platform"]
    #expect(config.modules["grpc_health"] == health)
    let getUser = config.modules["get_user"]
    #expect(getUser?.interval == nil && getUser?.timeout == nil && getUser?.labels == [:])
    #expect(getUser?.kind == .invoke(Self.getUserSettings))
  }

  static var getUserSettings: InvokeProbeSettings {
    var invoke = InvokeProbeSettings(method: "api.users.UserService/GetUser")
    invoke.requestJSON =
      #"{"user_id":1,"name":"Ada","ratio":0.5,"big":18446744073709551615,"hex":31,"active":true,"#
      + #""nothing":null,"tags":["a","b",3],"nested":{"z":1,"a":{"deep":[1,{"x":"y"}]}},"quoted":"say \"hi\"\n"}"#
    invoke.metadata = [MetadataEntry(name: "x-trace", value: "probe"), MetadataEntry(name: "x-upper", value: "Value")]
    invoke.maxResponses = 7
    invoke.expect.code = 5
    invoke.expect.maxLatency = .milliseconds(250)
    invoke.expect.assertions = [
      ResponseAssertion(path: "user.name", check: .equals(#""Ada Lovelace""#)),
      ResponseAssertion(path: "user.id", check: .notEquals("0")),
      ResponseAssertion(path: "user.email", check: .matches(#"@example\.com$"#)),
      ResponseAssertion(path: "items[0].id", check: .exists(true)),
      ResponseAssertion(path: "gone", check: .exists(false)),
      ResponseAssertion(path: "total", check: .greaterThan(3)),
      ResponseAssertion(path: "total", check: .greaterOrEqual(3.5)),
      ResponseAssertion(path: "total", check: .lessThan(-1)),
      ResponseAssertion(path: "total", check: .lessOrEqual(100)),
      ResponseAssertion(path: "profile", check: .equals(#"{"displayName":"Ada","tags":["x",1,false,null]}"#)),
    ]
    return invoke
  }

  @Test func firstTarget() throws {
    let demo = try #require(config.targets.first)
    var expected = TargetConfig(name: "demo", address: "127.0.0.1:50051")
    expected.labels = ["env": "demo"]
    expected.metadata = [
      MetadataEntry(name: "x-api-key", value: "k-123", secret: true),
      MetadataEntry(name: "authorization", value: "token-from-file", secret: true),
      MetadataEntry(name: "x-plain", value: "literal $ and $HOME", secret: false),
      MetadataEntry(name: "x-fallback", value: "fallback-value", secret: true),
    ]
    expected.protosets = [Fixtures.path("files/descriptors.protoset")]
    expected.descriptorCacheTTL = .zero
    var discovery = DiscoveryProbeSettings()
    discovery.requiredServices = ["api.users.UserService"]
    discovery.ignoredServices = ["grpc.health.v1.Health"]
    var listUsers = InvokeProbeSettings(method: "api.users.UserService/ListUsers")
    listUsers.requestJSON = #"{"page_size": 2}"#
    expected.probes = [
      ProbeSpec(
        name: "health", module: "grpc_health", kind: .health(HealthProbeSettings()), interval: .seconds(15),
        timeout: .seconds(5), labels: ["tier": "core", "team": "platform"]),
      ProbeSpec(
        name: "users-health", kind: .health(HealthProbeSettings(service: "api.users.UserService")),
        interval: .seconds(60), timeout: .seconds(20), labels: ["tier": "users"]),
      ProbeSpec(name: "schema", kind: .discovery(discovery), interval: .seconds(120), timeout: .seconds(20)),
      ProbeSpec(
        name: "get-user", module: "get_user", kind: .invoke(Self.getUserSettings), interval: .seconds(60),
        timeout: .seconds(2), labels: ["team": "users"]),
      ProbeSpec(name: "list-users", kind: .invoke(listUsers), interval: .seconds(60), timeout: .seconds(20)),
    ]
    #expect(demo.probes == expected.probes)
    #expect(demo == expected)
  }

  @Test func tlsTargets() throws {
    #expect(config.targets.count == 3)
    let secure = config.targets[1]
    var tls = TLSConfig()
    tls.caFile = Fixtures.path("files/ca.pem")
    tls.certFile = Fixtures.path("files/client.pem")
    tls.keyFile = Fixtures.path("files/client.key")
    tls.insecureSkipVerify = true
    tls.serverName = "users.example.com"
    #expect(secure.tls == tls)
    #expect(secure.reflection == false)
    #expect(secure.protosets == [Fixtures.path("files/descriptors.protoset")])
    #expect(secure.descriptorCacheTTL == .seconds(300))
    #expect(secure.probes.isEmpty)
    let roots = config.targets[2]
    #expect(roots.address == "unix:///run/grpc.sock")
    #expect(roots.tls == TLSConfig())
  }

  @Test func reloadingAnUnchangedFileComparesEqual() throws {
    #expect(try Fixtures.load("valid-full.yaml") == config)
  }
}

/// Defaults, the database's directory, and what empty configs mean.
@Suite struct DefaultsTests {
  @Test func emptyFileIsAValidConfigWithNoTargets() throws {
    let config = try Fixtures.loader.load(yaml: "", file: "empty.yaml")
    var expected = GlobalSettings()
    expected.databasePath = Fixtures.path("reflectprobe.db")
    #expect(config == AgentConfiguration(global: expected))
  }

  @Test func emptyTargetsListIsAccepted() throws {
    let config = try Fixtures.loader.load(yaml: "targets: []\nmodules: {}\nglobal:\n", file: "c.yaml")
    #expect(config.targets.isEmpty && config.modules.isEmpty)
  }

  @Test func probeDefaultsComeFromGlobal() throws {
    let yaml = """
      global: {interval: 10s, timeout: 3s}
      targets:
        - name: a
          address: localhost:1
          probes: [{name: h, health: {}}, {name: d, discovery: {}}]
      """
    let target = try #require(try Fixtures.loader.load(yaml: yaml, file: "c.yaml").targets.first)
    #expect(target.tls == nil && target.reflection && target.descriptorCacheTTL == .seconds(300))
    #expect(target.probes.map(\.interval) == [.seconds(10), .seconds(10)])
    #expect(target.probes.map(\.timeout) == [.seconds(3), .seconds(3)])
    #expect(target.probes[0].kind == .health(HealthProbeSettings(service: "")))
    #expect(target.probes[1].kind == .discovery(DiscoveryProbeSettings()))
  }

  @Test func relativeDatabaseGoesToStateDirectory() throws {
    let loader = ConfigLoader(
      environment: ["STATE_DIRECTORY": "/var/lib/reflectprobe:/var/lib/other"], workingDirectory: "/tmp")
    #expect(try loader.load(yaml: "", file: "c.yaml").global.databasePath == "/var/lib/reflectprobe/reflectprobe.db")
    let absolute = try loader.load(yaml: "global: {database: /srv/h.db}", file: "c.yaml")
    #expect(absolute.global.databasePath == "/srv/h.db")
    let cwd = ConfigLoader(environment: [:], workingDirectory: "/work/here")
    #expect(try cwd.load(yaml: "global: {database: x.db}", file: "c.yaml").global.databasePath == "/work/here/x.db")
  }

  @Test func mergeKeysAndAliasesWork() throws {
    let yaml = """
      modules:
        base: &base
          health: {}
          interval: 20s
          labels: {tier: core}
        derived:
          <<: *base
          interval: 40s
      """
    let config = try Fixtures.loader.load(yaml: yaml, file: "c.yaml")
    #expect(config.modules["derived"]?.interval == .seconds(40))
    #expect(config.modules["derived"]?.labels == ["tier": "core"])
  }
}
