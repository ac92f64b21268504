import AgentConfig
import Foundation
import Hummingbird
import ProbeStore

extension Router where Context == AgentRequestContext {
  /// `GET /api/v1/history?target=&probe=&from=&to=&step=` and `GET /api/v1/schema-changes?target=&since=&limit=`,
  /// from the history store.
  ///
  /// Times are RFC 3339 (`2026-11-25T18:00:00Z`) or Unix seconds; `from` defaults to one hour before `to`, `to` to
  /// now. `step` is a Prometheus duration (`1m`, `1h`); absent, the store picks raw, minute or hour resolution by
  /// the range.
  func addHistoryRoutes(_ api: APIContext) {
    get("/api/v1/history") { request, _ in
      let store = try api.store()
      let query = request.uri.queryParameters
      let target = try api.target(try HistoryQuery.required(query["target"].map(String.init), "target"))
      let probeName = try HistoryQuery.required(query["probe"].map(String.init), "probe")
      guard target.probes.contains(where: { $0.name == probeName }) else {
        throw AgentHTTPError(
          .notFound, code: "probe_not_found", message: "target '\(target.name)' has no probe '\(probeName)'",
          source: "reflectprobe")
      }
      let to = try HistoryQuery.time(query["to"].map(String.init), "to") ?? Date()
      let from = try HistoryQuery.time(query["from"].map(String.init), "from") ?? to.addingTimeInterval(-3600)
      guard from < to else { throw HistoryQuery.invalid("'from' must be before 'to'") }
      let step = try HistoryQuery.step(query["step"].map(String.init))
      let key = ProbeKey(target: target.name, probe: probeName)
      let (resolution, points) = try await store.history(key, from: from, to: to, step: step)
      return try Response.json([
        "target": target.name, "probe": probeName, "from": from.apiTimestamp, "to": to.apiTimestamp,
        "resolution": resolution.rawValue, "points": points.map(HistoryQuery.point),
      ])
    }

    get("/api/v1/schema-changes") { request, _ in
      let store = try api.store()
      let query = request.uri.queryParameters
      let target = try query["target"].map { try api.target(String($0)).name }
      let since =
        try HistoryQuery.time(query["since"].map(String.init), "since") ?? Date().addingTimeInterval(-30 * 86400)
      var limit = 100
      if let text = query["limit"].map(String.init) {
        // Any positive integer, however long: larger than 10 000 is lowered to 10 000.
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), text.contains(where: { $0 != "0" })
        else { throw HistoryQuery.invalid("'limit' must be a positive integer") }
        limit = min(Int(text) ?? 10_000, 10_000)
      }
      // Filtering by target after the query: ask for more so a busy other target does not hide this one's events.
      let events = try await store.driftEvents(since: since, limit: target == nil ? limit : 10_000)
        .filter { target == nil || $0.target == target }
        .prefix(limit)
      return try Response.json([
        "changes": events.map { event in
          [
            "target": event.target, "time": event.time.apiTimestamp, "kind": event.kind.rawValue,
            "detail": event.detail,
          ]
        }
      ])
    }
  }
}

/// Query parameter parsing of the history routes.
enum HistoryQuery {
  static func required(_ value: String?, _ name: String) throws -> String {
    guard let value, !value.isEmpty else { throw invalid("query parameter '\(name)' is required") }
    return value
  }

  /// RFC 3339 or Unix seconds (not negative, at most 11 digits, 9 decimals), as the OpenAPI `Time` schema says.
  static func time(_ text: String?, _ name: String) throws -> Date? {
    guard let text else { return nil }
    if text.wholeMatch(of: #/[0-9]{1,11}(\.[0-9]{1,9})?/#) != nil, let seconds = Double(text) {
      return Date(timeIntervalSince1970: seconds)
    }
    if let seconds = RFC3339.seconds(text) { return Date(timeIntervalSince1970: seconds) }
    throw invalid("'\(name)' must be RFC 3339 (2026-11-25T18:00:00Z) or Unix seconds, got '\(text)'")
  }

  /// The longest step: longer ones (up to Prometheus durations that overflow) are lowered to it.
  static let maxStep: TimeInterval = 1e10

  /// A positive Prometheus duration in seconds (units largest first, each once); nil when absent.
  static func step(_ text: String?) throws -> TimeInterval? {
    guard let text else { return nil }
    let units = #/(?:[0-9]+y)?(?:[0-9]+w)?(?:[0-9]+d)?(?:[0-9]+h)?(?:[0-9]+m)?(?:[0-9]+s)?(?:[0-9]+ms)?/#
    guard text.count >= 2, text.wholeMatch(of: units) != nil, text.contains(where: { ("1"..."9").contains($0) })
    else {
      throw invalid("'step' must be a positive duration such as 30s, 1m or 1h30m, got '\(text)'")
    }
    // The syntax is right, so a failure is an overflow: the longest step.
    guard let duration = try? PrometheusDuration.parse(text) else { return maxStep }
    let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    return min(seconds, maxStep)
  }

  static func point(_ point: HistoryPoint) -> [String: Any] {
    [
      "time": point.time.apiTimestamp, "count": point.count, "successes": point.successes,
      "successRate": point.count > 0 ? Double(point.successes) / Double(point.count) : NSNull(),
      "latencyAvgMs": point.count > 0 ? finiteMs(point.latencySum / Double(point.count)) : NSNull(),
      "latencyMinMs": finiteMs(point.latencyMin), "latencyMaxMs": finiteMs(point.latencyMax),
    ]
  }

  static func ms(_ seconds: Double) -> Double { (seconds * 1_000_000).rounded() / 1000 }

  /// Milliseconds, or null for a value JSON cannot carry (an empty bucket's infinite minimum).
  static func finiteMs(_ seconds: Double) -> Any { seconds.isFinite ? ms(seconds) : NSNull() }

  static func invalid(_ message: String) -> AgentHTTPError {
    AgentHTTPError(.badRequest, code: "invalid_query", message: message, source: "reflectprobe")
  }
}
