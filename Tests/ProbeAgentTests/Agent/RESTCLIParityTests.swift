import Foundation
import Testing

/// The same call through `POST /api/v1/targets/{t}/invoke` and through `reflectprobe call -emit-defaults` (REST
/// answers include fields with default values, as documented) gives the same response JSON, field for field,
/// against the demo and against a Python grpcio server.
@Suite(.serialized) struct RESTCLIParityTests {
  struct Case: Sendable {
    let target: String
    let method: String
    let request: String
    var metadata: [String: String] = [:]
  }

  static let demoCases = [
    Case(target: "demo", method: "api.users.UserService/GetUser", request: #"{"user_id": 1}"#),
    Case(
      target: "demo", method: "api.users.UserService/UpdateProfile",
      request: #"{"userId": 1, "profile": {"bio": "hi"}, "fieldMask": "profile.bio"}"#,
      metadata: ["x-api-key": "demo-key"]),
    Case(target: "demo", method: "api.users.UserService/ListUsers", request: #"{"pageSize": 3}"#),
    Case(target: "demo", method: "api.products.ProductService/SearchProducts", request: #"{"query": "a"}"#),
  ]

  static let pythonCases = [
    Case(target: "python", method: "peer.v1.Peer/Echo", request: #"{"text": "hé \"q\"", "login": "ada"}"#),
    Case(target: "python", method: "peer.v1.Peer/Count", request: #"{"count": 4}"#),
  ]

  @Test func restAndCLIAnswerTheSameJSON() async throws {
    let fixture = try AgentFixture()
    defer { fixture.remove() }
    try await withPeer(PeerProcess.demo()) { demo in
      try await withPeer(PeerProcess.python()) { python in
        try fixture.write(
          """
          global: {database: \(fixture.databasePath), interval: 10s, timeout: 5s, shutdown_grace_period: 3s}
          targets:
            - {name: demo, address: "\(demo.address)"}
            - {name: python, address: "\(python.address)"}
          """)
        let agent = try await AgentProcess.start(config: fixture.configPath)
        defer { agent.stop() }
        let api = RESTClient(agent: agent)
        let addresses = ["demo": demo.address, "python": python.address]
        for item in Self.demoCases + Self.pythonCases {
          let cli = try await Self.cliCall(item, address: addresses[item.target]!)
          #expect(cli.status == 0, "\(item.method): \(cli.stderr)")
          let body = try Self.invokeBody(item)
          let (status, answer) = try await api.invoke(body, target: item.target)
          #expect(status == 200, "\(item.method): \(answer)")
          let answered: [Any] =
            (answer["responses"] as? [Any]) ?? [answer["response"]].compactMap { $0 }
          let fromCLI = try JSONValues.split(cli.stdout).map { try JSONSerialization.jsonObject(with: Data($0.utf8)) }
            .map(Self.withoutClock)
          let rest = answered.map(Self.withoutClock)
          #expect(!rest.isEmpty, "\(item.method): \(answer)")
          #expect(
            NSArray(array: rest).isEqual(to: fromCLI),
            "\(item.method): REST \(rest) vs CLI \(cli.stdout)")
        }
        // Verbatim: the response is the codec's text (fields in .proto order), byte for byte what the CLI prints
        // once its indentation is removed.
        let getUser = Self.demoCases[0]
        let cli = try await Self.cliCall(getUser, address: demo.address)
        let (_, raw) = try await agent.send(
          "/api/v1/targets/demo/invoke", method: "POST", headers: ["content-type": "application/json"],
          body: Data(try Self.invokeBody(getUser).utf8))
        let response = try #require(Self.valueText(of: "response", in: raw), "no response in \(raw)")
        #expect(response == Self.compact(cli.stdout), "REST \(response) vs CLI \(cli.stdout)")
        #expect(response.hasPrefix(#"{"userId":"1","email":"#), "fields in .proto order: \(response)")
      }
    }
  }

  /// JSON text without the whitespace outside strings.
  static func compact(_ text: String) -> String {
    var strings = JSONStringTracker()
    return String(text.filter { !strings.isOutside($0) || !$0.isWhitespace })
  }

  /// The text of the object value of `"key":` in compact JSON text, braces balanced, strings respected.
  static func valueText(of key: String, in text: String) -> String? {
    guard let start = text.range(of: "\"\(key)\":{")?.upperBound else { return nil }
    let from = text.index(before: start)
    var strings = JSONStringTracker()
    var depth = 0
    for index in text[from...].indices where strings.isOutside(text[index]) {
      if text[index] == "{" { depth += 1 }
      if text[index] == "}" {
        depth -= 1
        if depth == 0 { return String(text[from...index]) }
      }
    }
    return nil
  }

  /// Follows JSON text character by character and tells which characters lie outside string literals.
  struct JSONStringTracker {
    private var inString = false
    private var escaped = false

    /// Feeds the next character; true when it is outside every string literal (quotes count as inside).
    mutating func isOutside(_ character: Character) -> Bool {
      if inString {
        if escaped {
          escaped = false
        } else if character == "\\" {
          escaped = true
        } else if character == "\"" {
          inString = false
        }
        return false
      }
      if character == "\"" {
        inString = true
        return false
      }
      return true
    }
  }

  /// The Python peer stamps each Echo with the time it arrived: the one field two calls cannot share.
  static func withoutClock(_ value: Any) -> Any {
    guard var object = value as? [String: Any] else { return value }
    object["receivedAt"] = nil
    return object
  }

  /// The REST body for a case.
  static func invokeBody(_ item: Case) throws -> String {
    let metadata = String(
      decoding: try JSONSerialization.data(withJSONObject: item.metadata, options: [.sortedKeys]), as: UTF8.self)
    return #"{"method": "\#(item.method)", "request": \#(item.request), "metadata": \#(metadata)}"#
  }

  /// Runs `reflectprobe call -plaintext -d REQUEST [-H k: v] ADDRESS METHOD` to completion (bounded).
  static func cliCall(_ item: Case, address: String) async throws -> (status: Int32, stdout: String, stderr: String) {
    var arguments = ["call", "-plaintext", "-emit-defaults", "-max-time", "10", "-d", item.request]
    for (name, value) in item.metadata { arguments += ["-H", "\(name): \(value)"] }
    arguments += [address, item.method]
    return try await ProcessRun.run(AgentProcess.binary, arguments, timeout: .seconds(20))
  }
}

/// Splits concatenated JSON values (the CLI prints one per response message) into their texts.
enum JSONValues {
  static func split(_ text: String) -> [String] {
    var values: [String] = []
    var current: [UInt8] = []
    var depth = 0
    var inString = false
    var escaped = false
    for byte in text.utf8 {
      if depth == 0 && !inString && (byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09) { continue }
      current.append(byte)
      if inString {
        if escaped {
          escaped = false
        } else if byte == UInt8(ascii: "\\") {
          escaped = true
        } else if byte == UInt8(ascii: "\"") {
          inString = false
        }
        continue
      }
      switch byte {
      case UInt8(ascii: "\""): inString = true
      case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        depth -= 1
        if depth == 0 {
          values.append(String(decoding: current, as: UTF8.self))
          current = []
        }
      default: break
      }
    }
    return values
  }
}
