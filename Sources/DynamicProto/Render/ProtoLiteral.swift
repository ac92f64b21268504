/// Literal syntax shared by `.proto` source and the text format used inside option aggregates.
enum ProtoLiteral {
  /// A double-quoted string literal. Printable ASCII stays as is, quotes and backslashes are escaped, control
  /// characters use C escapes or octal. Valid UTF-8 above ASCII is kept verbatim when `keepUTF8` is set; any other
  /// byte is written as a three-digit octal escape, so the literal always decodes back to the same bytes.
  static func quoted<S: Sequence>(bytes: S, keepUTF8: Bool) -> String where S.Element == UInt8 {
    let raw = Array(bytes)
    // Escapes are ASCII and only ASCII bytes are escaped, so multi-byte sequences of valid UTF-8 stay intact.
    let utf8OK = keepUTF8 && String(validating: raw, as: UTF8.self) != nil
    var out: [UInt8] = [UInt8(ascii: "\"")]
    out.reserveCapacity(raw.count + 2)
    for byte in raw {
      switch byte {
      case UInt8(ascii: "\""): out += Array("\\\"".utf8)
      case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
      case UInt8(ascii: "\n"): out += Array("\\n".utf8)
      case UInt8(ascii: "\r"): out += Array("\\r".utf8)
      case UInt8(ascii: "\t"): out += Array("\\t".utf8)
      case 0x20..<0x7F: out.append(byte)
      case 0x80...0xFF where utf8OK: out.append(byte)
      default: out += Array(octal(byte).utf8)
      }
    }
    out.append(UInt8(ascii: "\""))
    return String(decoding: out, as: UTF8.self)
  }

  /// A string literal for a `string` value: UTF-8 text kept readable.
  static func quoted(_ string: String) -> String { quoted(bytes: string.utf8, keepUTF8: true) }

  private static func octal(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 8)
    return "\\" + String(repeating: "0", count: 3 - digits.count) + digits
  }

  /// A `float`/`double` value as protoc reads it back: `inf`, `-inf`, `nan` or the shortest round-tripping decimal.
  static func number(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    return value.description
  }

  static func number(_ value: Float) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    return value.description
  }

  /// `5`, `5 to 9` or `5 to max` for an inclusive range; `max` is written when `last` equals `maxValue`.
  static func range(first: Int64, last: Int64, maxValue: Int64) -> String {
    if first == last { return "\(first)" }
    return "\(first) to " + (last == maxValue ? "max" : "\(last)")
  }
}
