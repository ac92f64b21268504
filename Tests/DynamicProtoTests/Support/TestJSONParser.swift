/// The recursive-descent parser behind ``TestJSON/parse(_:)-(String)``.
struct TestJSONParser {
  let bytes: [UInt8]
  var pos = 0

  init(bytes: [UInt8]) { self.bytes = bytes }

  mutating func skipSpace() {
    while pos < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[pos]) { pos += 1 }
  }

  private func fail(_ message: String) -> TestJSON.ParseError { TestJSON.ParseError(offset: pos, message: message) }

  private mutating func expect(_ literal: String) throws(TestJSON.ParseError) {
    let lit = Array(literal.utf8)
    guard pos + lit.count <= bytes.count, Array(bytes[pos..<pos + lit.count]) == lit else {
      throw fail("expected \(literal)")
    }
    pos += lit.count
  }

  mutating func value(depth: Int) throws(TestJSON.ParseError) -> TestJSON {
    guard depth < 1000 else { throw fail("nesting too deep") }
    guard pos < bytes.count else { throw fail("unexpected end") }
    switch bytes[pos] {
    case UInt8(ascii: "n"): try expect("null"); return .null
    case UInt8(ascii: "t"): try expect("true"); return .bool(true)
    case UInt8(ascii: "f"): try expect("false"); return .bool(false)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "["): return try array(depth: depth)
    case UInt8(ascii: "{"): return try object(depth: depth)
    default: return .number(try number())
    }
  }

  private mutating func array(depth: Int) throws(TestJSON.ParseError) -> TestJSON {
    pos += 1
    var items: [TestJSON] = []
    skipSpace()
    if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
    while true {
      skipSpace()
      items.append(try value(depth: depth + 1))
      skipSpace()
      guard pos < bytes.count else { throw fail("unterminated array") }
      if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
      if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
      throw fail("expected , or ]")
    }
  }

  private mutating func object(depth: Int) throws(TestJSON.ParseError) -> TestJSON {
    pos += 1
    var members: [(String, TestJSON)] = []
    var seen = Set<String>()
    skipSpace()
    if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
    while true {
      skipSpace()
      guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw fail("expected a key") }
      let key = try string()
      guard seen.insert(key).inserted else { throw fail("duplicate key \(TestJSON.quote(key))") }
      skipSpace()
      try expect(":")
      skipSpace()
      members.append((key, try value(depth: depth + 1)))
      skipSpace()
      guard pos < bytes.count else { throw fail("unterminated object") }
      if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
      if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
      throw fail("expected , or }")
    }
  }

  private mutating func number() throws(TestJSON.ParseError) -> String {
    let start = pos
    if pos < bytes.count, bytes[pos] == UInt8(ascii: "-") { pos += 1 }
    let intStart = pos
    while pos < bytes.count, (0x30...0x39).contains(bytes[pos]) { pos += 1 }
    guard pos > intStart else { throw fail("invalid value") }
    guard !(bytes[intStart] == 0x30 && pos - intStart > 1) else { throw fail("leading zero") }
    if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
      pos += 1
      let fracStart = pos
      while pos < bytes.count, (0x30...0x39).contains(bytes[pos]) { pos += 1 }
      guard pos > fracStart else { throw fail("digits expected after .") }
    }
    if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
      pos += 1
      if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
      let expStart = pos
      while pos < bytes.count, (0x30...0x39).contains(bytes[pos]) { pos += 1 }
      guard pos > expStart else { throw fail("digits expected in exponent") }
    }
    return String(decoding: bytes[start..<pos], as: UTF8.self)
  }

  private mutating func hex4() throws(TestJSON.ParseError) -> UInt32 {
    guard pos + 4 <= bytes.count else { throw fail("short \\u escape") }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let c = bytes[pos]
      let d: UInt32
      switch c {
      case 0x30...0x39: d = UInt32(c - 0x30)
      case 0x41...0x46: d = UInt32(c - 0x41 + 10)
      case 0x61...0x66: d = UInt32(c - 0x61 + 10)
      default: throw fail("bad hex digit")
      }
      v = v * 16 + d
      pos += 1
    }
    return v
  }

  private mutating func string() throws(TestJSON.ParseError) -> String {
    pos += 1
    var scalars = String.UnicodeScalarView()
    var run = pos
    func flush(_ end: Int) throws(TestJSON.ParseError) {
      guard run < end else { return }
      guard let s = String(validating: bytes[run..<end], as: UTF8.self) else { throw fail("invalid UTF-8") }
      scalars.append(contentsOf: s.unicodeScalars)
    }
    while pos < bytes.count {
      let c = bytes[pos]
      if c == UInt8(ascii: "\"") {
        try flush(pos)
        pos += 1
        return String(scalars)
      }
      if c < 0x20 { throw fail("control character in string") }
      if c != UInt8(ascii: "\\") { pos += 1; continue }
      try flush(pos)
      pos += 1
      guard pos < bytes.count else { break }
      let e = bytes[pos]
      pos += 1
      switch e {
      case UInt8(ascii: "\""): scalars.append("\"")
      case UInt8(ascii: "\\"): scalars.append("\\")
      case UInt8(ascii: "/"): scalars.append("/")
      case UInt8(ascii: "b"): scalars.append("\u{08}")
      case UInt8(ascii: "f"): scalars.append("\u{0C}")
      case UInt8(ascii: "n"): scalars.append("\n")
      case UInt8(ascii: "r"): scalars.append("\r")
      case UInt8(ascii: "t"): scalars.append("\t")
      case UInt8(ascii: "u"):
        var v = try hex4()
        if (0xD800..<0xDC00).contains(v) {
          guard pos + 6 <= bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
            throw fail("unpaired high surrogate")
          }
          pos += 2
          let low = try hex4()
          guard (0xDC00..<0xE000).contains(low) else { throw fail("bad low surrogate") }
          v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(v) else { throw fail("unpaired surrogate") }
        scalars.append(scalar)
      default: throw fail("bad escape")
      }
      run = pos
    }
    throw fail("unterminated string")
  }
}
