/// The text forms of `google.protobuf.Timestamp`, `Duration` and `FieldMask`.
enum WellKnownText {
  static let minTimestampSeconds: Int64 = -62_135_596_800  // 0001-01-01T00:00:00Z
  static let maxTimestampSeconds: Int64 = 253_402_300_799  // 9999-12-31T23:59:59Z
  static let maxDurationSeconds: Int64 = 315_576_000_000

  /// RFC 3339 with an upper-case `T` and `Z`: `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)`, in 0001..9999.
  static func parseTimestamp(_ p: UnsafeBufferPointer<UInt8>) -> (seconds: Int64, nanos: Int32)? {
    let n = p.count
    guard n >= 20,
      let year = digits(p, 0, 4), p[4] == UInt8(ascii: "-"),
      let month = digits(p, 5, 2), p[7] == UInt8(ascii: "-"),
      let day = digits(p, 8, 2), p[10] == UInt8(ascii: "T"),
      let hour = digits(p, 11, 2), p[13] == UInt8(ascii: ":"),
      let minute = digits(p, 14, 2), p[16] == UInt8(ascii: ":"),
      let second = digits(p, 17, 2)
    else { return nil }
    guard year >= 1, (1...12).contains(month), day >= 1, day <= daysInMonth(year, month), hour < 24, minute < 60,
      second < 60
    else { return nil }
    var i = 19
    var nanos: Int64 = 0
    if p[i] == UInt8(ascii: ".") {
      guard let (value, count) = fraction(p, i + 1) else { return nil }
      nanos = value
      i += 1 + count
    }
    guard i < n else { return nil }
    var offset: Int64 = 0
    switch p[i] {
    case UInt8(ascii: "Z"):
      guard i + 1 == n else { return nil }
    case UInt8(ascii: "+"), UInt8(ascii: "-"):
      guard i + 6 == n, let oh = digits(p, i + 1, 2), p[i + 3] == UInt8(ascii: ":"), let om = digits(p, i + 4, 2),
        oh < 24, om < 60
      else { return nil }
      offset = (oh * 60 + om) * 60
      if p[i] == UInt8(ascii: "-") { offset = -offset }
    default:
      return nil
    }
    let days = daysFromCivil(year, month, day)
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset
    guard seconds >= minTimestampSeconds && seconds <= maxTimestampSeconds else { return nil }
    return (seconds, Int32(nanos))
  }

  /// `-?digits[.f{1,9}]s`, at most ±315,576,000,000 seconds; the nanos take the sign of the whole.
  static func parseDuration(_ p: UnsafeBufferPointer<UInt8>) -> (seconds: Int64, nanos: Int32)? {
    let n = p.count
    guard n >= 2, p[n - 1] == UInt8(ascii: "s") else { return nil }
    var i = 0
    let negative = p[0] == UInt8(ascii: "-")
    if negative { i = 1 }
    var seconds: Int64 = 0
    let start = i
    while i < n - 1 && JSONNumbers.isDigit(p[i]) {
      seconds = seconds * 10 + Int64(p[i] - UInt8(ascii: "0"))
      if seconds > maxDurationSeconds { return nil }
      i += 1
    }
    guard i > start else { return nil }
    var nanos: Int64 = 0
    if p[i] == UInt8(ascii: ".") {
      guard let (value, count) = fraction(p, i + 1) else { return nil }
      nanos = value
      i += 1 + count
    }
    guard i == n - 1 else { return nil }
    return negative ? (-seconds, Int32(-nanos)) : (seconds, Int32(nanos))
  }

  /// A FieldMask's JSON form: comma-separated lowerCamelCase paths, each turned into snake_case. A path may not
  /// contain `_`. The empty string is the empty mask.
  static func parseFieldMask(_ text: String) -> [String]? {
    if text.isEmpty { return [] }
    var paths: [String] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      var path = ""
      path.reserveCapacity(part.utf8.count + 4)
      for scalar in part.unicodeScalars {
        if scalar == "_" { return nil }
        if scalar.value >= 0x41 && scalar.value <= 0x5A {
          path.append("_")
          path.unicodeScalars.append(Unicode.Scalar(scalar.value + 0x20)!)
        } else {
          path.unicodeScalars.append(scalar)
        }
      }
      paths.append(path)
    }
    return paths
  }

  // MARK: Helpers

  /// `count` decimal digits at `start`, or nil.
  private static func digits(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int64? {
    guard start + count <= p.count else { return nil }
    var v: Int64 = 0
    for i in start..<start + count {
      guard JSONNumbers.isDigit(p[i]) else { return nil }
      v = v * 10 + Int64(p[i] - UInt8(ascii: "0"))
    }
    return v
  }

  /// 1 to 9 fraction digits at `start`, as nanoseconds, and how many digits there were.
  private static func fraction(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> (Int64, Int)? {
    var i = start
    var v: Int64 = 0
    while i < p.count && JSONNumbers.isDigit(p[i]) {
      guard i - start < 9 else { return nil }
      v = v * 10 + Int64(p[i] - UInt8(ascii: "0"))
      i += 1
    }
    let count = i - start
    guard count > 0 else { return nil }
    for _ in count..<9 { v *= 10 }
    return (v, count)
  }

  private static func isLeapYear(_ y: Int64) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

  private static func daysInMonth(_ y: Int64, _ m: Int64) -> Int64 {
    switch m {
    case 2: isLeapYear(y) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
  private static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }
}
