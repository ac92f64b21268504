import Testing

@testable import AgentConfig

/// `request:` mappings and `equals:` values re-encoded as JSON text.
@Suite struct JSONTextTests {
  static func request(_ yaml: String) throws -> String {
    let config = try ConfigLoader(environment: [:], workingDirectory: "/tmp").load(
      yaml: "modules:\n  m:\n    invoke:\n      method: a.B/C\n      request: \(yaml)\n", file: "c.yaml")
    guard case .invoke(let invoke) = config.modules["m"]?.kind else { return "" }
    return invoke.requestJSON
  }

  @Test(arguments: [
    ("{b: 1, a: 2}", #"{"b":1,"a":2}"#),
    (
      "{s: '1', n: 1, f: 1.25, e: 1e3, t: true, no: false, z: null, tilde: ~}",
      #"{"s":"1","n":1,"f":1.25,"e":1000.0,"t":true,"no":false,"z":null,"tilde":null}"#
    ),
    (
      "{hex: 0x10, oct: 0o10, under: 1_000, neg: -5, big: 18446744073709551615}",
      #"{"hex":16,"oct":8,"under":1000,"neg":-5,"big":18446744073709551615}"#
    ),
    ("{inf: .inf, ninf: -.inf, nan: .nan}", #"{"inf":"Infinity","ninf":"-Infinity","nan":"NaN"}"#),
    ("{ts: 2024-01-02T03:04:05Z, date: 2024-01-02}", #"{"ts":"2024-01-02T03:04:05Z","date":"2024-01-02"}"#),
    (#"{q: "a\"b\\c\u0001\té"}"#, #"{"q":"a\"b\\c\u0001\té"}"#),
    ("{list: [1, [2, {k: v}], []], empty: {}}", #"{"list":[1,[2,{"k":"v"}],[]],"empty":{}}"#),
    ("", "{}"),
    (#"'{"raw": [1, 2]}'"#, #"{"raw": [1, 2]}"#),
  ])
  func requestMappingsBecomeJSON(yaml: String, json: String) throws {
    #expect(try Self.request(yaml) == json)
  }

  @Test func aRequestThatIsNeitherAMappingNorAJSONStringIsRejected() {
    #expect(throws: ConfigErrors.self) { try Self.request("[1, 2]") }
    #expect(throws: ConfigErrors.self) { try Self.request("42") }
  }
}

/// Aliases nested ten deep would expand to billions of items: the encoder stops at its bound and reports it.
@Suite struct JSONTextBoundTests {
  @Test func aliasBombIsRejected() {
    var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for level in 1...9 {
      yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
    }
    let full =
      "modules:\n  m:\n    invoke:\n      method: a.B/C\n      request:\n        "
      + yaml.split(separator: "\n").joined(separator: "\n        ")
    do {
      _ = try ConfigLoader(environment: [:], workingDirectory: "/tmp").load(yaml: full, file: "c.yaml")
      Issue.record("loaded")
    } catch {
      #expect(error.errors.map(\.description) == ["c.yaml:6:9: modules.m.invoke.request: larger than 1 MiB as JSON"])
    }
  }
}
