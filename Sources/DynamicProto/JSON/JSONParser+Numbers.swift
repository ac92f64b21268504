/// A number read from JSON text for an integer field.
enum JSONIntegerText {
  /// Written as a plain integer: exact sign and magnitude (`overflow` when it does not fit 64 bits).
  case exact(negative: Bool, magnitude: UInt64, overflow: Bool)
  /// Written with a fraction or exponent (`1e2`, `5.0`): its value as a Double, as Python's `float()` reads it.
  case double(Double)
  /// Not a number.
  case invalid
}

/// Number parsing straight from UTF-8 bytes.
enum JSONNumbers {
  private static let powersOf10: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
    1e20, 1e21, 1e22,
  ]

  @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }

  /// Parses decimal text already checked against a float grammar (a sign, digits with an optional `.`, an optional
  /// exponent). Correctly rounded: exact fast path for up to 15 significant digits and powers of ten up to 22,
  /// the standard library's parser otherwise. Nil if the standard library rejects the text.
  static func parseDouble(_ p: UnsafeBufferPointer<UInt8>) -> Double? {
    let n = p.count
    var i = 0
    var negative = false
    if i < n && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) {
      negative = p[i] == UInt8(ascii: "-")
      i += 1
    }
    var mantissa: UInt64 = 0
    var significant = 0
    var exp10 = 0
    var fast = true
    while i < n && isDigit(p[i]) {
      let d = UInt64(p[i] &- UInt8(ascii: "0"))
      if mantissa != 0 || d != 0 {
        significant += 1
        mantissa = mantissa &* 10 &+ d
      }
      i += 1
    }
    if i < n && p[i] == UInt8(ascii: ".") {
      i += 1
      while i < n && isDigit(p[i]) {
        let d = UInt64(p[i] &- UInt8(ascii: "0"))
        if mantissa != 0 || d != 0 {
          significant += 1
          mantissa = mantissa &* 10 &+ d
        }
        exp10 -= 1
        i += 1
      }
    }
    if significant > 15 { fast = false }
    if i < n && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
      i += 1
      var expNegative = false
      if i < n && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) {
        expNegative = p[i] == UInt8(ascii: "-")
        i += 1
      }
      var e = 0
      var digits = 0
      while i < n && isDigit(p[i]) {
        if e < 100_000 { e = e * 10 + Int(p[i] &- UInt8(ascii: "0")) }
        digits += 1
        i += 1
      }
      if digits == 0 { return nil }
      exp10 += expNegative ? -e : e
    }
    if i != n { return nil }
    if fast {
      if mantissa == 0 { return negative ? -0.0 : 0.0 }
      if exp10 >= -22 && exp10 <= 22 {
        var d = Double(mantissa)
        d = exp10 >= 0 ? d * powersOf10[exp10] : d / powersOf10[-exp10]
        return negative ? -d : d
      }
    }
    return Double(String(decoding: p, as: UTF8.self))
  }

  /// The value of text known to match the JSON number grammar (from ``JSONScanner/readNumber()``).
  static func parseJSONDouble(_ p: UnsafeBufferPointer<UInt8>) -> Double {
    parseDouble(p) ?? .nan
  }

  /// Whether text is a decimal number as Python's `float()` reads one, without its special words:
  /// `[+-]?(digits(.digits?)?|.digits)([eE][+-]?digits)?`.
  static func isDecimalText(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = p.count
    var i = 0
    if i < n && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) { i += 1 }
    var digits = 0
    while i < n && isDigit(p[i]) {
      i += 1
      digits += 1
    }
    if i < n && p[i] == UInt8(ascii: ".") {
      i += 1
      while i < n && isDigit(p[i]) {
        i += 1
        digits += 1
      }
    }
    if digits == 0 { return false }
    if i < n && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
      i += 1
      if i < n && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) { i += 1 }
      var expDigits = 0
      while i < n && isDigit(p[i]) {
        i += 1
        expDigits += 1
      }
      if expDigits == 0 { return false }
    }
    return i == n
  }

  /// Reads an integer written as text: `[+-]?digits` exactly, or (like Python's `int()` falling back to
  /// `float()`) any decimal number through a Double. For a JSON number token pass `isJSONInteger` (its grammar is
  /// already checked); leave it nil for the contents of a string.
  static func parseInteger(_ p: UnsafeBufferPointer<UInt8>, isJSONInteger: Bool? = nil) -> JSONIntegerText {
    let n = p.count
    if isJSONInteger == false {
      return .double(parseJSONDouble(p))
    }
    var i = 0
    var negative = false
    if i < n && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) {
      negative = p[i] == UInt8(ascii: "-")
      i += 1
    }
    let digitsStart = i
    var magnitude: UInt64 = 0
    var overflow = false
    while i < n && isDigit(p[i]) {
      let d = UInt64(p[i] &- UInt8(ascii: "0"))
      let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
      let (s, o2) = m.addingReportingOverflow(d)
      if o1 || o2 { overflow = true }
      magnitude = s
      i += 1
    }
    if i == n && i > digitsStart {
      return .exact(negative: negative, magnitude: magnitude, overflow: overflow)
    }
    guard isDecimalText(p), let d = parseDouble(p) else { return .invalid }
    return .double(d)
  }
}
