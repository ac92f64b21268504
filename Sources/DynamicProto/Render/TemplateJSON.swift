/// A small JSON tree with a pretty printer, enough for request templates (object members keep insertion order).
indirect enum TemplateJSON: Equatable {
  case object([(String, TemplateJSON)])
  case array([TemplateJSON])
  case string(String)
  /// A number, already in its JSON spelling.
  case number(String)
  case bool(Bool)
  case null

  static func == (a: TemplateJSON, b: TemplateJSON) -> Bool {
    switch (a, b) {
    case (.object(let x), .object(let y)):
      x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    case (.array(let x), .array(let y)): x == y
    case (.string(let x), .string(let y)), (.number(let x), .number(let y)): x == y
    case (.bool(let x), .bool(let y)): x == y
    case (.null, .null): true
    default: false
    }
  }

  /// The JSON text: with `indent` > 0, one member per line indented by that many spaces per level and `": "`
  /// between key and value (empty objects and arrays stay `{}` / `[]`); with 0, compact on one line.
  func text(indent: Int) -> String {
    var out = ""
    write(into: &out, level: 0, indent: max(0, indent))
    return out
  }

  private func write(into out: inout String, level: Int, indent: Int) {
    switch self {
    case .object(let members):
      writeContainer(into: &out, open: "{", close: "}", count: members.count, level: level, indent: indent) { i, out in
        out += Self.quoted(members[i].0)
        out += indent > 0 ? ": " : ":"
        members[i].1.write(into: &out, level: level + 1, indent: indent)
      }
    case .array(let elements):
      writeContainer(into: &out, open: "[", close: "]", count: elements.count, level: level, indent: indent) { i, out in
        elements[i].write(into: &out, level: level + 1, indent: indent)
      }
    case .string(let s): out += Self.quoted(s)
    case .number(let n): out += n
    case .bool(let b): out += b ? "true" : "false"
    case .null: out += "null"
    }
  }

  private func writeContainer(
    into out: inout String, open: String, close: String, count: Int, level: Int, indent: Int,
    element: (Int, inout String) -> Void
  ) {
    out += open
    guard count > 0 else {
      out += close
      return
    }
    let inner = String(repeating: " ", count: indent * (level + 1))
    for i in 0..<count {
      if i > 0 { out += "," }
      if indent > 0 { out += "\n" + inner }
      element(i, &out)
    }
    if indent > 0 { out += "\n" + String(repeating: " ", count: indent * level) }
    out += close
  }

  /// A JSON string literal: quotes, backslashes and control characters escaped, everything else verbatim.
  static func quoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
