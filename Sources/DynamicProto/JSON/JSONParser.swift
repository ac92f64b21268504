/// The kind of the next JSON value, known from its first byte.
enum JSONKind: Sendable {
  case object, array, string, number, bool, null

  /// The name used in error messages (`expected string, got number`).
  var name: String {
    switch self {
    case .object: "object"
    case .array: "array"
    case .string: "string"
    case .number: "number"
    case .bool: "bool"
    case .null: "null"
    }
  }
}

/// A JSON number token: its byte range in the input and whether it has neither fraction nor exponent.
struct JSONNumberToken {
  var start: Int
  var end: Int
  var isInteger: Bool
}

/// The contents of a JSON string: a range of the input when it holds no escapes, else the unescaped bytes.
enum JSONRawString {
  case slice(start: Int, end: Int, ascii: Bool)
  case owned([UInt8])
}

/// A strict RFC 8259 tokenizer over UTF-8 bytes, shared by the ``JSONValue`` parser and the ProtoJSON decoder.
///
/// It reads one token at a time and never recurses; callers drive the structure. `depth` counts the arrays and
/// objects currently open and is checked against `maxDepth` when one opens. Errors carry the line, column and byte
/// offset. The buffer must stay valid for the scanner's lifetime (use it inside `withUnsafeBufferPointer`).
struct JSONScanner {
  let buf: UnsafeBufferPointer<UInt8>
  var pos = 0
  var depth = 0
  let maxDepth: Int

  init(_ buf: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
    self.buf = buf
    self.maxDepth = maxDepth
  }

  // MARK: Errors

  /// A syntax error at a byte offset (the current position by default).
  func syntaxError(_ message: String, at offset: Int? = nil) -> ProtoError {
    ProtoError(.invalidJSON, "invalid JSON: \(message) at \(location(offset ?? pos))")
  }

  /// `line L, column C (byte B)`, 1-based line and column (column counted in bytes), 0-based byte offset.
  func location(_ offset: Int) -> String {
    let offset = min(max(offset, 0), buf.count)
    var line = 1
    var lineStart = 0
    for i in 0..<offset where buf[i] == 0x0A {
      line += 1
      lineStart = i + 1
    }
    return "line \(line), column \(offset - lineStart + 1) (byte \(offset))"
  }

  /// What sits at the current position, for "unexpected ..." messages.
  func describeCurrent() -> String {
    guard pos < buf.count else { return "end of input" }
    let b = buf[pos]
    if b >= 0x21 && b < 0x7F { return "character '\(Character(Unicode.Scalar(b)))'" }
    return "byte 0x\(String(b, radix: 16, uppercase: true))"
  }

  // MARK: Whitespace and structure

  @inline(__always) mutating func skipWhitespace() {
    while pos < buf.count {
      switch buf[pos] {
      case 0x20, 0x0A, 0x0D, 0x09: pos += 1
      default: return
      }
    }
  }

  /// The kind of the next value (after whitespace), without consuming it.
  @inline(__always) mutating func peekKind() throws -> JSONKind {
    skipWhitespace()
    guard pos < buf.count else { throw syntaxError("unexpected end of input, expected a value") }
    switch buf[pos] {
    case UInt8(ascii: "\""): return .string
    case UInt8(ascii: "{"): return .object
    case UInt8(ascii: "["): return .array
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
    case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
    case UInt8(ascii: "n"): return .null
    default: throw syntaxError("unexpected \(describeCurrent()), expected a value")
    }
  }

  /// Whether the next value is `null` (after whitespace), without consuming it.
  @inline(__always) mutating func nextIsNull() -> Bool {
    skipWhitespace()
    return pos < buf.count && buf[pos] == UInt8(ascii: "n")
  }

  @inline(__always) private mutating func open() throws {
    depth += 1
    if depth > maxDepth {
      throw ProtoError(
        .limitExceeded, "JSON nesting exceeds the maximum depth of \(maxDepth) at \(location(pos))")
    }
    pos += 1
  }

  /// Consumes `{` (the caller has seen it); returns true when a member follows, false for `{}`.
  @inline(__always) mutating func beginObject() throws -> Bool {
    try open()
    skipWhitespace()
    if pos < buf.count && buf[pos] == UInt8(ascii: "}") {
      pos += 1
      depth -= 1
      return false
    }
    return true
  }

  /// After a member's value: consumes `,` (true: another member follows) or `}` (false).
  @inline(__always) mutating func nextObjectMember() throws -> Bool {
    skipWhitespace()
    if pos < buf.count {
      switch buf[pos] {
      case UInt8(ascii: ","):
        pos += 1
        return true
      case UInt8(ascii: "}"):
        pos += 1
        depth -= 1
        return false
      default: break
      }
    }
    throw syntaxError("unexpected \(describeCurrent()), expected ',' or '}' after an object member")
  }

  /// Consumes `[` (the caller has seen it); returns true when an element follows, false for `[]`.
  @inline(__always) mutating func beginArray() throws -> Bool {
    try open()
    skipWhitespace()
    if pos < buf.count && buf[pos] == UInt8(ascii: "]") {
      pos += 1
      depth -= 1
      return false
    }
    return true
  }

  /// After an element: consumes `,` (true: another element follows) or `]` (false).
  @inline(__always) mutating func nextArrayElement() throws -> Bool {
    skipWhitespace()
    if pos < buf.count {
      switch buf[pos] {
      case UInt8(ascii: ","):
        pos += 1
        skipWhitespace()
        if pos < buf.count && buf[pos] == UInt8(ascii: "]") { throw syntaxError("trailing comma in array") }
        return true
      case UInt8(ascii: "]"):
        pos += 1
        depth -= 1
        return false
      default: break
      }
    }
    throw syntaxError("unexpected \(describeCurrent()), expected ',' or ']' after an array element")
  }

  /// Reads an object key and the `:` after it.
  @inline(__always) mutating func readKey() throws -> String {
    skipWhitespace()
    guard pos < buf.count && buf[pos] == UInt8(ascii: "\"") else {
      if pos < buf.count && buf[pos] == UInt8(ascii: "}") { throw syntaxError("trailing comma in object") }
      throw syntaxError("unexpected \(describeCurrent()), expected a string key")
    }
    let key = try readString()
    skipWhitespace()
    guard pos < buf.count && buf[pos] == UInt8(ascii: ":") else {
      throw syntaxError("unexpected \(describeCurrent()), expected ':' after an object key")
    }
    pos += 1
    return key
  }

  /// Requires that only whitespace is left.
  mutating func expectEnd() throws {
    skipWhitespace()
    if pos < buf.count { throw syntaxError("unexpected \(describeCurrent()) after the top-level value") }
  }

  // MARK: Literals

  private mutating func literal(_ word: StaticString) throws {
    let n = word.utf8CodeUnitCount
    let p = word.utf8Start
    guard pos + n <= buf.count else { throw syntaxError("invalid literal, expected '\(word)'") }
    for i in 0..<n where buf[pos + i] != p[i] {
      throw syntaxError("invalid literal, expected '\(word)'")
    }
    pos += n
    if pos < buf.count {
      switch buf[pos] {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        throw syntaxError("invalid literal, expected '\(word)'", at: pos - n)
      default: break
      }
    }
  }

  /// Reads `true` or `false` (the caller has seen `t` or `f`).
  @inline(__always) mutating func readBool() throws -> Bool {
    if buf[pos] == UInt8(ascii: "t") {
      try literal("true")
      return true
    }
    try literal("false")
    return false
  }

  /// Reads `null` (the caller has seen `n`).
  @inline(__always) mutating func readNull() throws {
    try literal("null")
  }

  // MARK: Numbers

  /// Reads a number with the RFC 8259 grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
  @inline(__always) mutating func readNumber() throws -> JSONNumberToken {
    let start = pos
    let n = buf.count
    var i = pos
    if buf[i] == UInt8(ascii: "-") { i += 1 }
    guard i < n, JSONScanner.isDigit(buf[i]) else { throw syntaxError("invalid number", at: start) }
    if buf[i] == UInt8(ascii: "0") {
      i += 1
    } else {
      while i < n && JSONScanner.isDigit(buf[i]) { i += 1 }
    }
    var isInteger = true
    if i < n && buf[i] == UInt8(ascii: ".") {
      i += 1
      guard i < n, JSONScanner.isDigit(buf[i]) else { throw syntaxError("invalid number", at: start) }
      while i < n && JSONScanner.isDigit(buf[i]) { i += 1 }
      isInteger = false
    }
    if i < n && (buf[i] == UInt8(ascii: "e") || buf[i] == UInt8(ascii: "E")) {
      i += 1
      if i < n && (buf[i] == UInt8(ascii: "+") || buf[i] == UInt8(ascii: "-")) { i += 1 }
      guard i < n, JSONScanner.isDigit(buf[i]) else { throw syntaxError("invalid number", at: start) }
      while i < n && JSONScanner.isDigit(buf[i]) { i += 1 }
      isInteger = false
    }
    if i < n && (JSONScanner.isDigit(buf[i]) || buf[i] == UInt8(ascii: ".")) {
      throw syntaxError("invalid number", at: start)
    }
    pos = i
    return JSONNumberToken(start: start, end: i, isInteger: isInteger)
  }

  @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }

  /// The text of a token's bytes.
  func text(_ start: Int, _ end: Int) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: buf[start..<end]), as: UTF8.self)
  }
}
