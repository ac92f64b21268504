import Foundation
import Testing

@testable import AgentConfig

/// Smaller rules checked inline: null values, timing across module and probe, error codes and rendering.
@Suite struct LoaderBehaviourTests {
  static func load(_ yaml: String) throws(ConfigErrors) -> AgentConfiguration {
    try ConfigLoader(environment: [:], workingDirectory: Fixtures.directory).load(yaml: yaml, file: "c.yaml")
  }

  static func messages(_ yaml: String) -> [String] {
    do {
      _ = try load(yaml)
      return []
    } catch {
      return error.errors.map(\.description)
    }
  }

  @Test func tlsNullMeansPlaintextAndEmptyMappingMeansSystemRoots() throws {
    let config = try Self.load(
      """
      targets:
        - name: a
          address: h:1
          tls:
        - {name: b, address: "h:1", tls: {}}
        - {name: c, address: "h:1", tls: no}
      """)
    #expect(config.targets.map(\.tls) == [nil, TLSConfig(), nil])
  }

  @Test func reflectionOffNeedsAtLeastOneProtoset() {
    #expect(
      Self.messages("targets: [{name: a, address: \"h:1\", reflection: false, protoset: []}]") == [
        "c.yaml:1:49: targets[0].reflection: reflection: false needs protoset files to describe the services"
      ])
  }

  @Test func timingIsCheckedWhereItIsSetWithInheritedValues() {
    let yaml = """
      global: {interval: 1m, timeout: 10s}
      modules:
        quick: {health: {}, interval: 15s, timeout: 5s}
      targets:
        - name: a
          address: h:1
          probes:
            - {name: ok, module: quick}
            - {name: too-fast, module: quick, interval: 4s}
            - {name: slow-timeout, health: {}, timeout: 2m}
      """
    #expect(
      Self.messages(yaml) == [
        "c.yaml:9:51: targets[0].probes[1].interval: timeout 5s must be less than interval 4s",
        "c.yaml:10:51: targets[0].probes[2].timeout: timeout 2m must be less than interval 1m",
      ])
  }

  @Test func probeLabelsOverrideModuleLabels() throws {
    let config = try Self.load(
      """
      modules:
        m: {health: {}, labels: {a: module, b: module}}
      targets:
        - {name: t, address: "h:1", probes: [{name: p, module: m, labels: {b: probe, c: probe}}]}
      """)
    #expect(config.targets[0].probes[0].labels == ["a": "module", "b": "probe", "c": "probe"])
  }

  @Test func invalidModuleIsReportedOnceNotAgainAsUnknown() {
    let yaml = """
      modules:
        broken: {health: {}, discovery: {}}
      targets:
        - {name: t, address: "h:1", probes: [{name: p, module: broken}]}
      """
    #expect(
      Self.messages(yaml) == ["c.yaml:2:24: modules.broken: a module has exactly one kind, found health and discovery"])
  }

  @Test func errorsCarryCodesAndRenderWithOrWithoutAPosition() throws {
    do {
      _ = try Self.load("global: {intervall: 1s}\ntargets: {}")
      Issue.record("loaded")
    } catch {
      #expect(error.errors.map(\.code) == [.unknownKey, .wrongType])
      #expect(error.errors.map(\.line) == [1, 2])
      #expect(
        error.description == """
          c.yaml:1:10: global: unknown key "intervall" (did you mean "interval"?)
          c.yaml:2:10: targets: expected a sequence, got a mapping
          """)
    }
    let fileLevel = ConfigError(
      .unreadableFile, file: "x.yaml", line: 0, column: 0, message: "cannot read config file: gone")
    #expect(fileLevel.description == "x.yaml: cannot read config file: gone")
  }

  @Test func statusCodesByNameOrNumber() throws {
    let config = try Self.load(
      """
      modules:
        a: {invoke: {method: a.B/C, expect: {code: not_found}}}
        b: {invoke: {method: a.B/C, expect: {code: 14}}}
      """)
    guard case .invoke(let a) = config.modules["a"]?.kind, case .invoke(let b) = config.modules["b"]?.kind else {
      Issue.record("not invoke")
      return
    }
    #expect(a.expect.code == 5 && b.expect.code == 14)
    #expect(StatusCodeNames.name(of: 14) == "UNAVAILABLE" && StatusCodeNames.name(of: 99) == "99")
  }

  @Test(
    arguments: [
      ("127.0.0.1:9464", true, nil), ("[::]:0", true, nil), ("0.0.0.0:0", true, nil), ("localhost:1", false, nil),
      ("unix:///run/x.sock", false, nil), ("my-host.example_1:443", false, nil),
      ("unix:/x", true, #"invalid address "unix:/x": port must be a number from 0 to 65535"#),
      ("h:0", false, #"invalid address "h:0": port must be a number from 1 to 65535"#),
      ("[zz]:1", false, #"invalid address "[zz]:1": "zz" is not an IPv6 address"#),
      ("[::1]", false, #"invalid address "[::1]": expected host:port, [ipv6]:port or unix:/path"#),
      (":9464", true, #"invalid address ":9464": missing host (use 0.0.0.0:9464 or [::]:9464 for all interfaces)"#),
      ("h o:1", false, #"invalid address "h o:1": "h o" is not a host name or IP address"#),
    ] as [(String, Bool, String?)])
  func addressSyntax(text: String, listener: Bool, problem: String?) {
    #expect(AddressSyntax.problem(text, listener: listener) == problem)
  }

  @Test(arguments: [
    ("pkg.Svc/Method", "pkg.Svc/Method"), ("pkg.Svc.Method", "pkg.Svc/Method"), ("/a.b.C/D", "a.b.C/D"),
    ("Svc/Method", "Svc/Method"),
  ])
  func methodNames(text: String, normalized: String) throws {
    #expect(try MethodName.normalize(text).get() == normalized)
  }
}
