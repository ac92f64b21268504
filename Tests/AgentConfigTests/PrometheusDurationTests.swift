import Testing

@testable import AgentConfig

/// Prometheus' duration syntax, accepted and rejected forms, and formatting.
@Suite struct PrometheusDurationTests {
  static let accepted: [(String, Duration)] = [
    ("0", .zero), ("0s", .zero), ("500ms", .milliseconds(500)), ("30s", .seconds(30)), ("5m", .seconds(300)),
    ("1h30m", .seconds(5400)), ("2d", .seconds(172_800)), ("1w", .seconds(604_800)), ("1y", .seconds(31_536_000)),
    ("1y2w3d4h5m6s7ms", .milliseconds(allUnitsMilliseconds)), ("90s", .seconds(90)),
    ("1500ms", .milliseconds(1500)), ("007s", .seconds(7)), ("292y", .seconds(292 * 31_536_000)),
  ]
  static let allUnitsMilliseconds: Int64 = ((((365 + 14 + 3) * 24 + 4) * 60 + 5) * 60 + 6) * 1000 + 7

  @Test(arguments: accepted)
  func parses(text: String, expected: Duration) throws {
    #expect(try PrometheusDuration.parse(text) == expected)
  }

  @Test(arguments: [
    ("", "empty duration (write e.g. 30s, 5m, 1h30m)"),
    ("10", #"invalid duration "10": missing unit (one of ms, s, m, h, d, w, y), e.g. 10s"#),
    ("1.5s", #"invalid duration "1.5s": fractions are not allowed, use a smaller unit (1500ms, not 1.5s)"#),
    ("-1s", #"invalid duration "-1s": durations cannot be negative"#),
    ("+1s", #"invalid duration "+1s": no sign allowed, write e.g. 30s"#),
    ("1x", #"invalid duration "1x": unknown unit "x" (use ms, s, m, h, d, w, y)"#),
    ("1S", #"invalid duration "1S": unknown unit "S" (use ms, s, m, h, d, w, y)"#),
    ("30m1h", #"invalid duration "30m1h": units must appear once each, largest first (y w d h m s ms), e.g. 1h30m"#),
    ("1s1s", #"invalid duration "1s1s": units must appear once each, largest first (y w d h m s ms), e.g. 1h30m"#),
    ("1h 30m", #"invalid duration "1h 30m": spaces are not allowed, write e.g. 1h30m"#),
    ("1h-30m", #"invalid duration "1h-30m": expected a number at "-30m""#),
    ("h", #"invalid duration "h": expected a number at "h""#),
    ("1h30", #"invalid duration "1h30": missing unit (one of ms, s, m, h, d, w, y), e.g. 30s"#),
    ("99999999999999999999s", #"invalid duration "99999999999999999999s": number too large"#),
    ("300000000y", #"invalid duration "300000000y": too long (at most 292y)"#),
    ("293y", #"invalid duration "293y": too long (at most 292y)"#),
  ])
  func rejects(text: String, message: String) {
    #expect(throws: PrometheusDuration.SyntaxError(message: message)) { try PrometheusDuration.parse(text) }
  }

  static let formatted: [(Duration, String)] = [
    (.zero, "0s"), (.milliseconds(500), "500ms"), (.seconds(5400), "1h30m"), (.seconds(86_400 * 8), "1w1d"),
    (.seconds(31_536_000), "1y"), (.milliseconds(61_001), "1m1s1ms"),
  ]

  @Test(arguments: formatted)
  func formats(duration: Duration, text: String) throws {
    #expect(PrometheusDuration.format(duration) == text)
    #expect(try PrometheusDuration.parse(text) == duration)
  }
}
