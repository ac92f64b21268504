import DynamicProto

/// RFC 3339 `date-time` parsing, exactly the grammar (JSON Schema's `format: date-time`): `T`/`t` separator,
/// any number of fraction digits, `Z`/`z` or a `±hh:mm` offset, leap second `:60`, years 0000–9999 — what
/// `ISO8601DateFormatter` only partly accepts.
enum RFC3339 {
  /// Seconds since 1970-01-01T00:00:00Z; nil when `text` is not a valid RFC 3339 date-time.
  static func seconds(_ text: String) -> Double? {
    let pattern = #/
      ([0-9]{4}) - ([0-9]{2}) - ([0-9]{2}) [Tt] ([0-9]{2}) : ([0-9]{2}) : ([0-9]{2}) (\.[0-9]+)?
      (?: ([Zz]) | ([+-]) ([0-9]{2}) : ([0-9]{2}) )
      /#
    guard let match = text.wholeMatch(of: pattern),
      let year = Int(match.1), let month = Int(match.2), let day = Int(match.3),
      let hour = Int(match.4), let minute = Int(match.5), let second = Int(match.6)
    else { return nil }
    guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), hour < 24, minute < 60,
      second <= 60
    else { return nil }
    var offset = 0
    if match.8 == nil {
      guard let sign = match.9, let offsetHour = match.10.flatMap({ Int($0) }),
        let offsetMinute = match.11.flatMap({ Int($0) }), offsetHour < 24, offsetMinute < 60
      else { return nil }
      offset = (offsetHour * 3600 + offsetMinute * 60) * (sign == "-" ? -1 : 1)
    }
    let fraction = match.7.flatMap { Double("0" + $0) } ?? 0
    let whole = CivilDate.daysSinceEpoch(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second
    return Double(whole - offset) + fraction
  }

  /// `2026-11-25T18:20:00.123Z`: milliseconds, UTC, proleptic Gregorian (as ``seconds(_:)`` reads it, where
  /// Foundation's formatter switches to the Julian calendar before 1582); clamped to years 0000–9999.
  static func format(_ seconds: Double) -> String {
    let lowest = -62_167_219_200_000.0  // 0000-01-01T00:00:00Z
    let highest = 253_402_300_799_999.0  // 9999-12-31T23:59:59.999Z
    let scaled = (seconds * 1000).rounded(.down)
    let ms = Int64(scaled.isFinite ? min(max(scaled, lowest), highest) : 0)
    let msOfDay = ((ms % 86_400_000) + 86_400_000) % 86_400_000
    let days = (ms - msOfDay) / 86_400_000
    let (year, month, day) = CivilDate.date(daysSinceEpoch: Int(days))
    let time = Int(msOfDay)
    func pad(_ value: Int, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(time / 3_600_000, 2)):"
      + "\(pad(time / 60_000 % 60, 2)):\(pad(time / 1000 % 60, 2)).\(pad(time % 1000, 3))Z"
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }
}
