import Foundation
import ProbeStore
import Testing

@testable import ProbeAgent

/// The REST API's input parsing at its edges, as schemathesis found them: each case once crashed the agent,
/// refused a value the OpenAPI document allows, or accepted one it forbids.
@Suite struct APIInputTests {
  private func invoke(_ json: String) throws -> InvokeRequest { try InvokeRequest(parsing: Data(json.utf8)) }

  private func refused(_ json: String) -> Bool {
    (try? invoke(json)) == nil
  }

  @Test func invokeNumbersAreBoundedAndNeverBooleans() throws {
    // A huge timeout used to trap converting to Int64 (a crash of the agent): now lowered to the maximum.
    #expect(try invoke(#"{"method": "a.S/M", "timeoutMs": 1e300}"#).timeout == InvokeRequest.maxTimeout)
    // On Linux NSNumber(1) `is Bool`: 1 used to be refused as a boolean.
    #expect(try invoke(#"{"method": "a.S/M", "timeoutMs": 1}"#).timeout == .milliseconds(1))
    #expect(try invoke(#"{"method": "a.S/M", "timeoutMs": 1e-300}"#).timeout == .milliseconds(1))
    #expect(try invoke(#"{"method": "a.S/M", "maxResponses": 1}"#).maxResponses == 1)
    #expect(try invoke(#"{"method": "a.S/M", "maxResponses": 1e30}"#).maxResponses == InvokeRequest.maxMaxResponses)
    #expect(
      try invoke(#"{"method": "a.S/M", "maxResponses": 100000000000000000000000000000}"#).maxResponses
        == InvokeRequest.maxMaxResponses)
    for bad in ["true", "0", "1.5", "\"3\"", "null"] {
      #expect(refused(#"{"method": "a.S/M", "maxResponses": \#(bad)}"#), "maxResponses \(bad)")
    }
    for bad in ["true", "0", "-1", "\"3\"", "null"] {
      #expect(refused(#"{"method": "a.S/M", "timeoutMs": \#(bad)}"#), "timeoutMs \(bad)")
    }
  }

  @Test func invokeBodiesAreClosedAndMetadataIsHeaderSafe() throws {
    #expect(refused(#"{"method": "a.S/M", "requets": [{}]}"#), "a misspelt field is refused, not ignored")
    let ok = try invoke(#"{"method": "a.S/M", "metadata": {"X-Trace": "t 1", "multi": ["a", "b"], "k-bin": "AQI="}}"#)
    #expect(ok.metadata.map(\.name).sorted() == ["k-bin", "multi", "multi", "x-trace"])
    for name in ["", "grpc-timeout", "GRPC-x", ":path", "te", "Content-Type", "a b", "é", "a/b"] {
      #expect(refused(#"{"method": "a.S/M", "metadata": {"\#(name)": "v"}}"#), "metadata name '\(name)'")
    }
    for value in [#""\u0084""#, #""a\nb""#, #"["ok", 1]"#, "1", "null"] {
      #expect(refused(#"{"method": "a.S/M", "metadata": {"x": \#(value)}}"#), "metadata value \(value)")
    }
  }

  @Test func timesAreRFC3339OrBoundedUnixSeconds() throws {
    func time(_ text: String) -> Double? { (try? HistoryQuery.time(text, "t"))?.timeIntervalSince1970 }
    #expect(time("0") == 0)
    #expect(time("99999999999") == 99_999_999_999)
    #expect(time("1764093600.5") == 1_764_093_600.5)
    #expect(time("2026-11-25T18:00:00Z") == 1_795_629_600)
    #expect(time("2026-11-25t18:00:00z") == 1_795_629_600)
    #expect(time("2026-11-25T19:30:00+01:30") == 1_795_629_600)
    #expect(abs((time("2026-11-25T18:00:00.123456789Z") ?? 0) - 1_795_629_600.123456789) < 1e-6)
    #expect(time("0000-01-01T00:00:00Z") == -62_167_219_200)
    #expect(time("2024-02-29T00:00:00Z") != nil)
    #expect(time("2016-12-31T23:59:60Z") == 1_483_228_800)
    // Used to reach the store's Int64 conversion (a crash); and what is no RFC 3339 nor bounded Unix seconds.
    for bad in [
      "1e300", "inf", "nan", "123456789012", "", "-1", "2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
      "2026-11-25 18:00:00Z", "2026-11-25T18:00:00", "2026-11-25T24:00:00Z", "2026-11-25T18:00:00+24:00",
    ] {
      #expect(time(bad) == nil, "'\(bad)'")
    }
    #expect(try HistoryQuery.time(nil, "t") == nil)
  }

  @Test func timestampsAreProlepticGregorianUTC() {
    #expect(RFC3339.format(0) == "1970-01-01T00:00:00.000Z")
    #expect(RFC3339.format(1_795_629_600.1239) == "2026-11-25T18:00:00.123Z")
    #expect(RFC3339.format(-62_167_219_200) == "0000-01-01T00:00:00.000Z")
    #expect(RFC3339.format(-1e300) == "0000-01-01T00:00:00.000Z")
    #expect(RFC3339.format(.infinity) == "1970-01-01T00:00:00.000Z")
    #expect(RFC3339.format(951_782_400) == "2000-02-29T00:00:00.000Z")
    #expect(RFC3339.format(-0.001) == "1969-12-31T23:59:59.999Z")
    // Read back as written, before 1582 too (Foundation's formatter is Julian there).
    for text in ["1000-01-01T00:00:00.000Z", "0001-03-01T12:34:56.789Z", "9999-12-31T23:59:59.999Z"] {
      #expect(RFC3339.seconds(text).map(RFC3339.format) == text)
    }
  }

  @Test func stepsArePositiveDurationsAndBounded() throws {
    #expect(try HistoryQuery.step(nil) == nil)
    #expect(try HistoryQuery.step("1h30m") == 5400)
    #expect(try HistoryQuery.step("1500ms") == 1.5)
    #expect(try HistoryQuery.step("99999999999999999999999y") == HistoryQuery.maxStep)
    for bad in ["0s", "0", "", "1s1h", "1.5s", "s", "-1m", "1h1h"] {
      #expect(throws: AgentHTTPError.self, "'\(bad)'") { try HistoryQuery.step(bad) }
    }
  }

  @Test func nonFiniteLatenciesAreNull() throws {
    let empty = HistoryPoint(
      time: Date(timeIntervalSince1970: 0), count: 0, successes: 0, latencySum: 0, latencyMin: .infinity,
      latencyMax: -.infinity)
    let point = HistoryQuery.point(empty)
    #expect(point["latencyMinMs"] is NSNull && point["latencyMaxMs"] is NSNull && point["successRate"] is NSNull)
    _ = try JSONSerialization.data(withJSONObject: point)
    let sample = ProbeSample(
      key: ProbeKey(target: "t", probe: "p"), time: Date(), success: false, statusCode: nil, latency: .nan)
    let state = TargetsJSON.state(.init(last: sample, since: sample.time, streak: 1))
    #expect(state["latencyMs"] is NSNull)
    _ = try JSONSerialization.data(withJSONObject: state)
  }

  @Test func scrapeTimeoutsLowerTheDeadlineWithoutOverflow() throws {
    // 1e308 seconds used to trap converting to Int64 milliseconds (a crash of the agent).
    #expect(try ProbeQuery.deadline(.seconds(5), scrapeTimeout: "1.1287252825190543e+308") == .seconds(5))
    #expect(try ProbeQuery.deadline(.seconds(5), scrapeTimeout: "2") == .milliseconds(1500))
    #expect(try ProbeQuery.deadline(.seconds(5), scrapeTimeout: "5e-324") == .zero)
    #expect(throws: AgentHTTPError.self) { try ProbeQuery.deadline(.seconds(5), scrapeTimeout: "inf") }
    #expect(throws: AgentHTTPError.self, "an empty header is no timeout") {
      try ProbeQuery.deadline(.seconds(5), scrapeTimeout: "")
    }
  }

  /// Path parameters are percent-decoded: `d%65mo` names target `demo` (found: its client is then asked for, which
  /// the stand-in runtime refuses with 503), where it used to be an unknown target.
  @Test func pathParametersArePercentDecoded() async throws {
    try await AgentServerHarness.withServer(FakeRuntime().dependencies) { client in
      let decoded = try await client.get("/api/v1/targets/d%65mo/services")
      let code = try JSONErrorBody(decoded.body).code
      #expect(decoded.status == 503 && code == "client_unavailable", "\(decoded)")
      #expect(try await client.get("/api/v1/targets/d%FFmo/services").status == 404)
    }
  }

  @Test func routeTableMapsToOpenAPIPaths() {
    #expect(AgentRoutes.openAPIPath("/api/v1/targets/:target/types/:type") == "/api/v1/targets/{target}/types/{type}")
    #expect(AgentRoutes.served([.get]) == [.get, .head])
    #expect(AgentRoutes.served([.post]) == [.post])
  }
}
