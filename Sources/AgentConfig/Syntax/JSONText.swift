import Foundation
import Yams

/// YAML values re-encoded as compact JSON text, for `request:` and `equals:`/`not_equals:`.
///
/// Mapping key order is kept; plain YAML integers and floats become JSON numbers (`0x1F` → `31`), `.inf`/`.nan`
/// become the strings ProtoJSON uses (`"Infinity"`, `"NaN"`); booleans and null as such; every other scalar
/// (quoted or not, timestamps included) becomes a JSON string of its text.
enum JSONText {
  /// JSON for `node`; nil after reporting a problem (a non-scalar mapping key).
  static func encode(_ node: Node, _ path: ConfigPath, _ context: DecodingContext) -> String? {
    var out = ""
    return append(node, path, context, to: &out) ? out : nil
  }

  private static func append(_ node: Node, _ path: ConfigPath, _ context: DecodingContext, to out: inout String)
    -> Bool
  {
    switch node {
    case .alias:
      context.wrongType(node, path, expected: "a value")
      return false
    case .scalar(let scalar):
      out += scalarJSON(scalar)
      return true
    case .sequence(let sequence):
      out += "["
      var ok = true
      for (index, item) in sequence.enumerated() {
        if index > 0 { out += "," }
        ok = append(item, path.index(index), context, to: &out) && ok
      }
      out += "]"
      return ok
    case .mapping:
      guard let reader = MappingReader(node, path, context, known: nil) else { return false }
      out += "{"
      var ok = true
      for (index, entry) in reader.entries.enumerated() {
        if index > 0 { out += "," }
        out += quoted(entry.key) + ":"
        ok = append(entry.value, path.key(entry.key), context, to: &out) && ok
      }
      out += "}"
      return ok
    }
  }

  private static func scalarJSON(_ scalar: Node.Scalar) -> String {
    let node = Node.scalar(scalar)
    switch scalar.resolvedTagName {
    case .null: return "null"
    case .bool: return node.bool.map { $0 ? "true" : "false" } ?? quoted(scalar.string)
    case .int:
      if let value = node.int { return String(value) }
      // Beyond Int64 (a large uint64): keep decimal digits as written, ProtoJSON reads them.
      let digits = scalar.string.hasPrefix("-") || scalar.string.hasPrefix("+") ? scalar.string.dropFirst() : Substring(scalar.string)
      if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
        return scalar.string.hasPrefix("+") ? String(digits) : scalar.string
      }
      return quoted(scalar.string)
    case .float:
      guard let value = node.float else { return quoted(scalar.string) }
      if value.isNaN { return "\"NaN\"" }
      if value.isInfinite { return value > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
      return "\(value)"
    default:
      return quoted(scalar.string)
    }
  }

  /// A JSON string literal.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
          + String(scalar.value, radix: 16)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  /// Why `text` is not a JSON object, or nil when it is one (for `request:` given as a JSON string).
  static func objectProblem(_ text: String) -> String? {
    let value: Any
    do {
      value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    } catch {
      return "request is not valid JSON (write a YAML mapping, or a JSON object as a quoted string)"
    }
    return value is [String: Any] ? nil : "request must be a JSON object ({...})"
  }
}
