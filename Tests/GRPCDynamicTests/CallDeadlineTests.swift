import Testing

@testable import GRPCDynamic

/// The `grpc-timeout` header the dynamic client sends with a call's deadline.
@Suite struct CallDeadlineTests {
  @Test(arguments: [
    (Duration.milliseconds(900), "900m"), (.microseconds(899_987), "900m"), (.seconds(10), "10000m"),
    (.seconds(100), "100000m"), (.nanoseconds(1), "1n"), (.zero, "0n"), (.nanoseconds(1500), "1500n"),
    (.microseconds(999), "999000n"), (.seconds(200_000), "200000S"), (.seconds(99_999_999), "99999999S"),
    (.seconds(100_000_000), "1666667M"),
  ])
  func header(timeout: Duration, expected: String) {
    #expect(CallDeadline.header(timeout) == expected)
  }
}
