import AgentConfig
import DynamicProto
import Foundation

/// Checks an invoke probe's assertions against a response's JSON, in order, and names the first that fails:
/// `assertion failed: user.name is "Bob", expected "Ada Lovelace"`.
///
/// `equals`/`not_equals` compare structurally (``JSONComparison``); `exists` tests presence (fields holding their
/// default value are present: probe clients print them); `matches` searches a regular expression (ICU syntax) in
/// a string, or in the JSON text of any other value; `gt`/`ge`/`lt`/`le` need a number or a numeric string.
struct ResponseAssertionEvaluator: Sendable {
  let assertions: [ResponseAssertion]
  /// The response's message type, for proto field names in paths.
  let responseType: MessageDescriptor?

  /// The first failed assertion's reason, or nil when all hold.
  func firstFailure(in response: JSONValue) -> String? {
    for assertion in assertions {
      if let reason = check(assertion, response) { return "assertion failed: \(reason)" }
    }
    return nil
  }

  private func check(_ assertion: ResponseAssertion, _ response: JSONValue) -> String? {
    let path: ResponsePath
    do {
      path = try ResponsePath(parsing: assertion.path)
    } catch {
      return (error as? ProbeFailure)?.message ?? "\(error)"
    }
    let actual = path.value(in: response, type: responseType)
    let shown = actual.map(JSONComparison.show) ?? "absent"
    switch assertion.check {
    case .equals(let text):
      let expected = Self.expectedValue(text)
      if let actual, JSONComparison.equal(actual, expected) { return nil }
      return "\(path) is \(shown), expected \(JSONComparison.show(expected))"
    case .notEquals(let text):
      let unwanted = Self.expectedValue(text)
      guard let actual, JSONComparison.equal(actual, unwanted) else { return nil }
      return "\(path) is \(shown), expected any other value"
    case .exists(let wanted):
      if (actual != nil) == wanted { return nil }
      return wanted ? "\(path) is absent, expected it to exist" : "\(path) is \(shown), expected it to be absent"
    case .matches(let pattern):
      let regex: NSRegularExpression
      do {
        regex = try NSRegularExpression(pattern: pattern)
      } catch {
        return "\(path): invalid regular expression \"\(pattern)\""
      }
      guard let actual else { return "\(path) is absent, expected to match /\(pattern)/" }
      let text = actual.stringValue ?? actual.jsonText(indent: nil)
      let range = NSRange(text.startIndex..., in: text)
      if regex.firstMatch(in: text, range: range) != nil { return nil }
      return "\(path) is \(shown), expected to match /\(pattern)/"
    case .greaterThan(let bound): return compare(path, actual, ">", bound) { $0 > $1 }
    case .greaterOrEqual(let bound): return compare(path, actual, ">=", bound) { $0 >= $1 }
    case .lessThan(let bound): return compare(path, actual, "<", bound) { $0 < $1 }
    case .lessOrEqual(let bound): return compare(path, actual, "<=", bound) { $0 <= $1 }
    }
  }

  private func compare(
    _ path: ResponsePath, _ actual: JSONValue?, _ symbol: String, _ bound: Double,
    _ holds: (JSONComparison.Number, JSONComparison.Number) -> Bool
  ) -> String? {
    let expected = "expected \(symbol) \(JSONComparison.show(bound))"
    guard let actual else { return "\(path) is absent, \(expected)" }
    guard let number = JSONComparison.number(actual) else {
      return "\(path) is \(JSONComparison.show(actual)), expected a number \(symbol) \(JSONComparison.show(bound))"
    }
    let limit: JSONComparison.Number =
      bound.rounded() == bound && abs(bound) < 9e18 ? .integer(Int64(bound)) : .real(bound)
    return holds(number, limit) ? nil : "\(path) is \(JSONComparison.show(actual)), \(expected)"
  }

  /// An `equals` operand: JSON text as the config gives it; text that is not JSON is taken as a string.
  static func expectedValue(_ text: String) -> JSONValue {
    (try? JSONValue(parsing: text)) ?? .string(text)
  }
}
