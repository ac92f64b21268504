import Foundation

/// Appends JSON tokens to a growing UTF-8 byte buffer: structure (objects, arrays, separators and optional
/// pretty-printing), strings with JSON escaping, and numbers.
///
/// Pretty-printing follows Python's `json.dumps(indent: n)`: one member per line, `": "` after keys, and empty
/// containers written as `{}` / `[]`. The caller tracks whether a container is still empty.
struct JSONWriter {
  /// The JSON text written so far.
  var bytes: [UInt8] = []
  /// Spaces per nesting level; nil writes compact JSON.
  let indent: Int?
  /// Current nesting level (only used for pretty-printing).
  private var level = 0

  init(indent: Int?, capacity: Int = 256) {
    self.indent = indent.map { max(0, $0) }
    bytes.reserveCapacity(capacity)
  }

  // MARK: Structure

  @inline(__always) mutating func append(_ byte: UInt8) { bytes.append(byte) }

  /// Appends ASCII text known at compile time.
  @inline(__always) mutating func append(_ text: StaticString) {
    bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  mutating func openObject() {
    bytes.append(UInt8(ascii: "{"))
    level += 1
  }

  /// Closes an object; `empty` tells whether any member was written (pretty output puts `}` on its own line).
  mutating func closeObject(empty: Bool) {
    level -= 1
    if indent != nil && !empty { newline() }
    bytes.append(UInt8(ascii: "}"))
  }

  mutating func openArray() {
    bytes.append(UInt8(ascii: "["))
    level += 1
  }

  mutating func closeArray(empty: Bool) {
    level -= 1
    if indent != nil && !empty { newline() }
    bytes.append(UInt8(ascii: "]"))
  }

  /// Starts the next member of an object or element of an array: a comma unless it is the first, then (pretty
  /// output only) a line break and indentation.
  @inline(__always) mutating func beginElement(first: inout Bool) {
    if first {
      first = false
    } else {
      bytes.append(UInt8(ascii: ","))
    }
    if indent != nil { newline() }
  }

  /// Writes `"name":` (with a space after the colon when pretty-printing).
  @inline(__always) mutating func key(_ name: String) {
    string(name)
    keySeparator()
  }

  @inline(__always) mutating func keySeparator() {
    bytes.append(UInt8(ascii: ":"))
    if indent != nil { bytes.append(UInt8(ascii: " ")) }
  }

  private mutating func newline() {
    bytes.append(10)
    let count = level * (indent ?? 0)
    if count > 0 { bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count)) }
  }

  // MARK: Literals

  mutating func null() { append("null") }

  mutating func bool(_ value: Bool) {
    if value { append("true") } else { append("false") }
  }

  // MARK: Strings

  /// Writes a quoted, escaped JSON string.
  mutating func string(_ value: String) {
    var value = value
    value.withUTF8 { string(utf8: $0) }
  }

  /// Writes a quoted JSON string from UTF-8 bytes: `"` and `\` escaped, control characters as `\n`, `\t`, ... or
  /// `\u00XX`; everything else (non-ASCII included) copied as is.
  mutating func string(utf8 text: UnsafeBufferPointer<UInt8>) {
    bytes.append(UInt8(ascii: "\""))
    var runStart = 0
    var i = 0
    let n = text.count
    while i < n {
      let b = text[i]
      if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") {
        i += 1
        continue
      }
      if i > runStart { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<i])) }
      escape(b)
      i += 1
      runStart = i
    }
    if n > runStart { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<n])) }
    bytes.append(UInt8(ascii: "\""))
  }

  private mutating func escape(_ b: UInt8) {
    switch b {
    case UInt8(ascii: "\""): append("\\\"")
    case UInt8(ascii: "\\"): append("\\\\")
    case 0x0A: append("\\n")
    case 0x0D: append("\\r")
    case 0x09: append("\\t")
    case 0x08: append("\\b")
    case 0x0C: append("\\f")
    default:
      append("\\u00")
      bytes.append(Self.hexDigit(b >> 4))
      bytes.append(Self.hexDigit(b & 0xF))
    }
  }

  @inline(__always) private static func hexDigit(_ v: UInt8) -> UInt8 {
    v < 10 ? v + UInt8(ascii: "0") : v - 10 + UInt8(ascii: "a")
  }

  // MARK: Numbers

  /// Writes a signed integer in decimal.
  @inline(__always) mutating func int(_ value: Int64) {
    if value < 0 {
      bytes.append(UInt8(ascii: "-"))
      uint(value.magnitude)
    } else {
      uint(UInt64(value))
    }
  }

  /// Writes an unsigned integer in decimal.
  mutating func uint(_ value: UInt64) {
    if value < 10 {
      bytes.append(UInt8(truncatingIfNeeded: value) &+ UInt8(ascii: "0"))
      return
    }
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
      var v = value
      var i = 20
      let pairs = Self.digitPairs.utf8Start
      while v >= 100 {
        let r = Int(v % 100)
        v /= 100
        i -= 2
        digits[i] = pairs[2 * r]
        digits[i + 1] = pairs[2 * r + 1]
      }
      if v >= 10 {
        let r = Int(v)
        i -= 2
        digits[i] = pairs[2 * r]
        digits[i + 1] = pairs[2 * r + 1]
      } else {
        i -= 1
        digits[i] = UInt8(truncatingIfNeeded: v) &+ UInt8(ascii: "0")
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i..<20]))
    }
  }

  private static var digitPairs: StaticString {
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"
  }

  /// Writes a non-negative integer zero-padded to `width` digits (more digits if it needs them).
  mutating func fixedDigits(_ value: Int, width: Int) {
    var divisor = 1
    var digits = 1
    while digits < width || value / divisor >= 10 {
      divisor *= 10
      digits += 1
    }
    var rest = value
    while divisor > 0 {
      bytes.append(UInt8(truncatingIfNeeded: rest / divisor) &+ UInt8(ascii: "0"))
      rest %= divisor
      divisor /= 10
    }
  }

  /// Writes a 64-bit integer as a quoted JSON string, as ProtoJSON requires for 64-bit types.
  mutating func quotedInt(_ value: Int64) {
    bytes.append(UInt8(ascii: "\""))
    int(value)
    bytes.append(UInt8(ascii: "\""))
  }

  mutating func quotedUInt(_ value: UInt64) {
    bytes.append(UInt8(ascii: "\""))
    uint(value)
    bytes.append(UInt8(ascii: "\""))
  }

  /// Writes a double as the shortest decimal that reads back as the same value; NaN and infinities become the
  /// strings `"NaN"`, `"Infinity"` and `"-Infinity"`.
  mutating func double(_ value: Double) {
    guard value.isFinite else { return nonFinite(isNaN: value.isNaN, negative: value < 0) }
    // Integral values below 2^53 print as plain integers: the same number, and much cheaper than shortest-digits.
    if value.magnitude < 9_007_199_254_740_992, value.rounded(.towardZero) == value, value != 0 || value.sign == .plus {
      int(Int64(value))
      return
    }
    var text = value.description
    text.withUTF8 { bytes.append(contentsOf: $0) }
  }

  /// Writes a float as the shortest decimal that reads back as the same `Float` (what protobuf's Python
  /// `ToShortestFloat` and the other runtimes produce); non-finite values as for ``double(_:)``.
  mutating func float(_ value: Float) {
    guard value.isFinite else { return nonFinite(isNaN: value.isNaN, negative: value < 0) }
    // Integers up to 2^24 are exact and their own shortest form; above that a shorter decimal may round-trip.
    if value.magnitude <= 16_777_216, let small = Int32(exactly: value), small != 0 || value.sign == .plus {
      int(Int64(small))
      return
    }
    if value.isSubnormal || (value.significandBitPattern == 0 && value != 0) {
      // Where the shortest digits may differ from Python's `ToShortestFloat` (at least 6 digits, correctly rounded
      // from the double): subnormals and powers of two, whose rounding interval is lopsided. Rare, so done slowly.
      let wide = Double(value)
      for precision in 6...17 {
        let text = String(format: "%.\(precision)g", wide)
        if let back = Double(text), Float(back) == value {
          var text = text
          text.withUTF8 { bytes.append(contentsOf: $0) }
          return
        }
      }
    }
    var text = value.description
    text.withUTF8 { bytes.append(contentsOf: $0) }
  }

  private mutating func nonFinite(isNaN: Bool, negative: Bool) {
    if isNaN {
      append("\"NaN\"")
    } else if negative {
      append("\"-Infinity\"")
    } else {
      append("\"Infinity\"")
    }
  }

  // MARK: Bytes

  /// Writes bytes as a quoted standard base64 string with padding.
  mutating func base64(_ data: [UInt8]) {
    bytes.append(UInt8(ascii: "\""))
    let n = data.count
    bytes.reserveCapacity(bytes.count + (n + 2) / 3 * 4 + 1)
    let table = Self.base64Alphabet.utf8Start
    data.withUnsafeBufferPointer { src in
      var i = 0
      while i + 3 <= n {
        let v = UInt32(src[i]) << 16 | UInt32(src[i + 1]) << 8 | UInt32(src[i + 2])
        bytes.append(table[Int(v >> 18)])
        bytes.append(table[Int(v >> 12 & 63)])
        bytes.append(table[Int(v >> 6 & 63)])
        bytes.append(table[Int(v & 63)])
        i += 3
      }
      let rest = n - i
      if rest == 1 {
        let v = UInt32(src[i]) << 16
        bytes.append(table[Int(v >> 18)])
        bytes.append(table[Int(v >> 12 & 63)])
        append("==")
      } else if rest == 2 {
        let v = UInt32(src[i]) << 16 | UInt32(src[i + 1]) << 8
        bytes.append(table[Int(v >> 18)])
        bytes.append(table[Int(v >> 12 & 63)])
        bytes.append(table[Int(v >> 6 & 63)])
        bytes.append(UInt8(ascii: "="))
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  private static var base64Alphabet: StaticString { "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/" }
}
