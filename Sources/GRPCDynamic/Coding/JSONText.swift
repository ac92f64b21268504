import Foundation

/// A tiny JSON writer for the few documents this module assembles itself (status JSON, fallback details), with
/// the same layout as DynamicProto's encoder: compact, or `indent` spaces per level and `"key": value`.
struct JSONText {
  let indent: Int?
  private(set) var depth: Int
  private(set) var result = ""
  private var needsComma = false

  init(indent: Int?, depth: Int = 0) {
    self.indent = indent
    self.depth = depth
  }

  mutating func openObject() { open("{") }
  mutating func closeObject() { close("}") }
  mutating func openArray() { open("[") }
  mutating func closeArray() { close("]") }

  /// Starts an object member: comma, newline and indentation as needed, then `"key":`.
  mutating func key(_ name: String) {
    element()
    result += Self.quote(name)
    result += indent == nil ? ":" : ": "
  }

  /// Starts an array element.
  mutating func element() {
    if needsComma { result += "," }
    newline()
    needsComma = true
  }

  mutating func string(_ value: String) { result += Self.quote(value) }
  mutating func raw(_ json: String) { result += json }

  private mutating func open(_ bracket: String) {
    result += bracket
    depth += 1
    needsComma = false
  }

  private mutating func close(_ bracket: String) {
    depth -= 1
    if needsComma { newline() }
    result += bracket
    needsComma = true
  }

  private mutating func newline() {
    guard let indent else { return }
    result += "\n" + String(repeating: " ", count: indent * depth)
  }

  /// Shifts an indented document right by `depth` levels (JSON strings never hold raw newlines).
  static func reindent(_ json: String, indent: Int?, depth: Int) -> String {
    guard let indent, depth > 0 else { return json }
    return json.replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: indent * depth))
  }

  /// A JSON string literal.
  static func quote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        out += String(format: "\\u%04x", scalar.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}

/// Standard base64 with padding, as ProtoJSON writes bytes.
func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
