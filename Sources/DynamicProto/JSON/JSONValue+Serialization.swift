extension JSONValue {
  /// The value as JSON text in UTF-8: compact, or indented by `indent` spaces per level.
  ///
  /// Numbers are written as their stored text, strings with the escapes JSON requires (`"`, `\`, control
  /// characters); everything else, non-ASCII included, is written as is.
  public func jsonUTF8(indent: Int? = nil) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(64)
    write(to: &out, indent: indent.map { max(0, $0) }, level: 0)
    return out
  }

  /// The value as JSON text: compact, or indented by `indent` spaces per level.
  public func jsonText(indent: Int? = nil) -> String {
    String(decoding: jsonUTF8(indent: indent), as: UTF8.self)
  }

  private func write(to out: inout [UInt8], indent: Int?, level: Int) {
    switch self {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
    case .number(let text): out.append(contentsOf: text.utf8)
    case .string(let s): JSONValue.writeString(s, to: &out)
    case .array(let items):
      out.append(UInt8(ascii: "["))
      for (i, item) in items.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        JSONValue.newline(&out, indent: indent, level: level + 1)
        item.write(to: &out, indent: indent, level: level + 1)
      }
      if !items.isEmpty { JSONValue.newline(&out, indent: indent, level: level) }
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      out.append(UInt8(ascii: "{"))
      for (i, member) in members.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        JSONValue.newline(&out, indent: indent, level: level + 1)
        JSONValue.writeString(member.key, to: &out)
        out.append(UInt8(ascii: ":"))
        if indent != nil { out.append(UInt8(ascii: " ")) }
        member.value.write(to: &out, indent: indent, level: level + 1)
      }
      if !members.isEmpty { JSONValue.newline(&out, indent: indent, level: level) }
      out.append(UInt8(ascii: "}"))
    }
  }

  private static func newline(_ out: inout [UInt8], indent: Int?, level: Int) {
    guard let indent else { return }
    out.append(UInt8(ascii: "\n"))
    out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
  }

  /// Appends `s` as a JSON string literal, quotes included.
  static func writeString(_ s: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for byte in s.utf8 {
      switch byte {
      case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
      case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
      case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
      case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
      case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
      case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
      case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
      case 0..<0x20:
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
        out.append(hex[Int(byte >> 4)])
        out.append(hex[Int(byte & 0xF)])
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  /// A JSON string literal for `s`, quotes included (used to quote keys in error paths).
  static func quoted(_ s: String) -> String {
    var out: [UInt8] = []
    writeString(s, to: &out)
    return String(decoding: out, as: UTF8.self)
  }
}
