/// Prometheus' duration syntax: `1h30m`, `500ms`, `2d`, `1w`, `1y`, or `0`.
///
/// Each unit (`y` = 365d, `w`, `d`, `h`, `m`, `s`, `ms`) appears at most once, largest first, with a non-negative
/// integer in front. No fractions, signs, spaces or bare numbers other than `0`: `10`, `1.5s`, `-1s` and the empty
/// string are rejected with a message saying what to write instead.
public enum PrometheusDuration {
  /// The units, largest first, with their length in milliseconds.
  static let units: [(name: String, milliseconds: Int64)] = [
    ("y", 365 * 86_400_000), ("w", 7 * 86_400_000), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000),
    ("s", 1000), ("ms", 1),
  ]

  /// The longest duration accepted, in milliseconds: the largest whose nanoseconds fit in 64 bits (292 years),
  /// Prometheus' own limit, so timers and schedules never overflow.
  static let maximumMilliseconds = Int64.max / 1_000_000

  /// A syntax error; `message` explains it (without the key, which the caller adds).
  public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
  }

  /// Parses `text`.
  /// - Throws: ``SyntaxError`` naming the problem.
  public static func parse(_ text: String) throws(SyntaxError) -> Duration {
    func fail(_ why: String) -> SyntaxError { SyntaxError(message: "invalid duration \"\(text)\": \(why)") }
    if text.isEmpty { throw SyntaxError(message: "empty duration (write e.g. 30s, 5m, 1h30m)") }
    if text == "0" { return .zero }
    let chars = Array(text.unicodeScalars)
    if chars.contains(where: \.properties.isWhitespace) { throw fail("spaces are not allowed, write e.g. 1h30m") }
    if chars.first == "-" { throw fail("durations cannot be negative") }
    if chars.first == "+" { throw fail("no sign allowed, write e.g. 30s") }
    var total: Int64 = 0
    var nextUnit = 0  // index into `units`: units must come largest first, each once
    var index = 0
    while index < chars.count {
      let digitsStart = index
      while index < chars.count, ("0"..."9").contains(chars[index]) { index += 1 }
      guard index > digitsStart else {
        throw fail("expected a number at \"\(String(String.UnicodeScalarView(chars[index...])))\"")
      }
      let digits = String(String.UnicodeScalarView(chars[digitsStart..<index]))
      if index < chars.count, chars[index] == "." || chars[index] == "," {
        throw fail("fractions are not allowed, use a smaller unit (1500ms, not 1.5s)")
      }
      let unitStart = index
      while index < chars.count, chars[index].properties.isAlphabetic { index += 1 }
      let unit = String(String.UnicodeScalarView(chars[unitStart..<index]))
      if unit.isEmpty {
        if index == chars.count {
          throw fail("missing unit (one of ms, s, m, h, d, w, y), e.g. \(digits)s")
        }
        throw fail("unexpected \"\(chars[index])\"")
      }
      guard let unitIndex = units.firstIndex(where: { $0.name == unit }) else {
        throw fail("unknown unit \"\(unit)\" (use ms, s, m, h, d, w, y)")
      }
      guard unitIndex >= nextUnit else {
        throw fail("units must appear once each, largest first (y w d h m s ms), e.g. 1h30m")
      }
      nextUnit = unitIndex + 1
      guard let count = Int64(digits) else { throw fail("number too large") }
      let (product, overflow1) = count.multipliedReportingOverflow(by: units[unitIndex].milliseconds)
      let (sum, overflow2) = total.addingReportingOverflow(product)
      guard !overflow1, !overflow2, sum <= maximumMilliseconds else { throw fail("too long (at most 292y)") }
      total = sum
    }
    return .milliseconds(total)
  }

  /// `duration` in this syntax, largest units first (`1h30m`, `500ms`, `0s`); sub-millisecond parts are dropped.
  public static func format(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    var remaining = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    if remaining <= 0 { return remaining == 0 ? "0s" : "-" + format(.milliseconds(-remaining)) }
    var text = ""
    for unit in units where remaining >= unit.milliseconds {
      text += "\(remaining / unit.milliseconds)\(unit.name)"
      remaining %= unit.milliseconds
    }
    return text
  }
}
