extension JSONScanner {
  /// Reads a string (the caller has seen `"`) and returns its contents as a `String`.
  ///
  /// Invalid UTF-8, control characters, bad escapes and unpaired surrogate escapes are errors.
  @inline(__always) mutating func readString() throws -> String {
    let quote = pos
    switch try readRawString() {
    case .slice(let start, let end, let ascii):
      let bytes = UnsafeBufferPointer(rebasing: buf[start..<end])
      if ascii { return String(decoding: bytes, as: UTF8.self) }
      guard let s = String(validating: bytes, as: UTF8.self) else {
        throw syntaxError("invalid UTF-8 in string", at: quote)
      }
      return s
    case .owned(let bytes):
      guard let s = String(validating: bytes, as: UTF8.self) else {
        throw syntaxError("invalid UTF-8 in string", at: quote)
      }
      return s
    }
  }

  /// Reads a string (the caller has seen `"`) without building a `String`: a range of the input when there are
  /// no escapes, else the unescaped bytes. UTF-8 is not validated here; callers that keep text use
  /// ``readString()``.
  @inline(__always) mutating func readRawString() throws -> JSONRawString {
    let start = pos + 1
    let n = buf.count
    var i = start
    var high: UInt8 = 0
    while i < n {
      let b = buf[i]
      if b == UInt8(ascii: "\"") {
        pos = i + 1
        return .slice(start: start, end: i, ascii: high < 0x80)
      }
      if b == UInt8(ascii: "\\") { return .owned(try readEscaped(from: start, firstEscape: i)) }
      if b < 0x20 { throw syntaxError("unescaped control character in string", at: i) }
      high |= b
      i += 1
    }
    throw syntaxError("unterminated string", at: pos)
  }

  /// The slow path of ``readRawString()``: copies the string, resolving escapes.
  private mutating func readEscaped(from start: Int, firstEscape: Int) throws -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(firstEscape - start + 16)
    out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<firstEscape]))
    let n = buf.count
    var i = firstEscape
    while i < n {
      let b = buf[i]
      if b == UInt8(ascii: "\"") {
        pos = i + 1
        return out
      }
      if b < 0x20 { throw syntaxError("unescaped control character in string", at: i) }
      if b != UInt8(ascii: "\\") {
        out.append(b)
        i += 1
        continue
      }
      guard i + 1 < n else { break }
      switch buf[i + 1] {
      case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
      case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
      case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = try hex4(at: i + 2)
        i += 6
        if scalar >= 0xD800 && scalar < 0xDC00 {
          guard i + 1 < n, buf[i] == UInt8(ascii: "\\"), buf[i + 1] == UInt8(ascii: "u") else {
            throw syntaxError("unpaired surrogate in string escape", at: i - 6)
          }
          let low = try hex4(at: i + 2)
          guard low >= 0xDC00 && low < 0xE000 else {
            throw syntaxError("unpaired surrogate in string escape", at: i - 6)
          }
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          i += 6
        } else if scalar >= 0xDC00 && scalar < 0xE000 {
          throw syntaxError("unpaired surrogate in string escape", at: i - 6)
        }
        JSONScanner.appendUTF8(scalar, to: &out)
        continue
      default:
        throw syntaxError("invalid escape sequence in string", at: i)
      }
      i += 2
    }
    throw syntaxError("unterminated string", at: start - 1)
  }

  private func hex4(at i: Int) throws -> UInt32 {
    guard i + 4 <= buf.count else { throw syntaxError("invalid \\u escape in string", at: i - 2) }
    var v: UInt32 = 0
    for k in 0..<4 {
      let c = buf[i + k]
      let d: UInt8
      switch c {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
      default: throw syntaxError("invalid \\u escape in string", at: i - 2)
      }
      v = v << 4 | UInt32(d)
    }
    return v
  }

  static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
    switch v {
    case 0..<0x80:
      out.append(UInt8(v))
    case 0x80..<0x800:
      out.append(UInt8(0xC0 | (v >> 6)))
      out.append(UInt8(0x80 | (v & 0x3F)))
    case 0x800..<0x10000:
      out.append(UInt8(0xE0 | (v >> 12)))
      out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
      out.append(UInt8(0x80 | (v & 0x3F)))
    default:
      out.append(UInt8(0xF0 | (v >> 18)))
      out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
      out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
      out.append(UInt8(0x80 | (v & 0x3F)))
    }
  }

  /// Calls `body` with the bytes of a raw string.
  @inline(__always) func withBytes<R>(
    _ raw: JSONRawString, _ body: (UnsafeBufferPointer<UInt8>) throws -> R
  ) rethrows -> R {
    switch raw {
    case .slice(let start, let end, _): return try body(UnsafeBufferPointer(rebasing: buf[start..<end]))
    case .owned(let bytes): return try bytes.withUnsafeBufferPointer(body)
    }
  }

  /// A raw string as text, for error messages (invalid UTF-8 is replaced).
  func text(of raw: JSONRawString) -> String {
    withBytes(raw) { String(decoding: $0, as: UTF8.self) }
  }
}
