/// A JSON value for comparing codec output in tests, parsed by a small strict parser of its own.
///
/// Numbers keep their source text, so a comparison can tell `-0.0` from `0` and `1e400` from `Infinity`; objects
/// keep their members in order (duplicates are a parse error).
indirect enum TestJSON: Equatable, CustomStringConvertible {
  case null
  case bool(Bool)
  case number(String)
  case string(String)
  case array([TestJSON])
  case object([(String, TestJSON)])

  static func == (a: TestJSON, b: TestJSON) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.array(let x), .array(let y)): return x == y
    case (.object(let x), .object(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  var description: String {
    switch self {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .number(let n): return n
    case .string(let s): return TestJSON.quote(s)
    case .array(let items): return "[" + items.map(\.description).joined(separator: ",") + "]"
    case .object(let members):
      return "{" + members.map { TestJSON.quote($0.0) + ":" + $0.1.description }.joined(separator: ",") + "}"
    }
  }

  static func quote(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  /// A parse failure with the byte offset where it happened.
  struct ParseError: Error, CustomStringConvertible {
    var offset: Int
    var message: String
    var description: String { "invalid JSON at byte \(offset): \(message)" }
  }

  /// Parses one JSON text (RFC 8259; surrounding whitespace allowed). Nesting is limited to 1000 levels.
  static func parse(_ text: String) throws(ParseError) -> TestJSON {
    try parse(Array(text.utf8))
  }

  static func parse(_ bytes: [UInt8]) throws(ParseError) -> TestJSON {
    var parser = TestJSONParser(bytes: bytes)
    parser.skipSpace()
    let value = try parser.value(depth: 0)
    parser.skipSpace()
    guard parser.pos == bytes.count else { throw ParseError(offset: parser.pos, message: "trailing data") }
    return value
  }
}
