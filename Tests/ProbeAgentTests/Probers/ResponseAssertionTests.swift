import AgentConfig
import DynamicProto
import Testing

@testable import ProbeAgent

/// Paths, comparisons and failure reasons of response assertions, on fixed JSON (no server: the invoke tests run
/// the same checks on real responses).
@Suite struct ResponseAssertionTests {
  static let response = try! JSONValue(
    parsing: #"""
      {"userId": "1", "email": "ada@example.com", "profile": {"displayName": "Ada Lovelace", "bio": ""},
       "role": "ROLE_ADMIN", "addresses": [{"city": "London"}, {"city": "Paris"}], "labels": {"team": "engines"},
       "score": 2.5, "active": true, "tags": []}
      """#)

  @Test(arguments: [
    ("user_id", #""1""#), ("userId", #""1""#), ("$.profile.display_name", #""Ada Lovelace""#),
    ("addresses[1].city", #""Paris""#), ("addresses[0]", #"{"city":"London"}"#), ("labels.team", #""engines""#),
  ])
  func pathsResolve(path: String, expected: String) throws {
    let value = try ResponsePath(parsing: path).value(in: Self.response, type: nil)
    #expect(value.map { $0.jsonText(indent: nil) } == expected)
  }

  @Test(arguments: ["addresses[2].city", "profile.avatarUrl", "email.x", "addresses.city", "labels.tier"])
  func missingPathsAreAbsent(path: String) throws {
    #expect(try ResponsePath(parsing: path).value(in: Self.response, type: nil) == nil)
  }

  @Test(arguments: ["", "a..b", ".a", "a.", "a[x]", "a[-1]", "a[1", "a.[0]"])
  func invalidPathsAreRejected(path: String) {
    #expect(throws: ProbeFailure.self) { try ResponsePath(parsing: path) }
  }

  @Test func segments() throws {
    #expect(
      try ResponsePath(parsing: "a.b[0][1].c").segments == [.key("a"), .key("b"), .index(0), .index(1), .key("c")])
  }

  @Test func equalityIsStructuralAndNumericallyLenient() throws {
    func equal(_ a: String, _ b: String) throws -> Bool {
      JSONComparison.equal(try JSONValue(parsing: a), try JSONValue(parsing: b))
    }
    #expect(try equal(#""5""#, "5"))
    #expect(try equal("5", "5.0"))
    #expect(try equal("1e2", "100"))
    #expect(try equal(#"{"a": 1, "b": [true, null]}"#, #"{"b": [true, null], "a": 1.0}"#))
    #expect(try !equal(#""5""#, #""5.0""#))
    #expect(try !equal("9007199254740993", "9007199254740992"))
    #expect(try !equal(#""abc""#, "0"))
    #expect(try !equal(#"{"a": 1}"#, #"{"a": 1, "b": 2}"#))
    #expect(try !equal("true", #""true""#))
  }

  static let cases: [(ResponseAssertion.Check, String, String?)] = [
    (.equals(#""Ada Lovelace""#), "profile.displayName", nil),
    (.equals(#""Bob""#), "profile.displayName", #"profile.displayName is "Ada Lovelace", expected "Bob""#),
    (.equals("1"), "userId", nil),
    (.equals("2"), "userId", #"userId is "1", expected 2"#),
    (.equals(#""x""#), "nickname", #"nickname is absent, expected "x""#),
    (.notEquals(#""Bob""#), "profile.displayName", nil),
    (
      .notEquals(#""Ada Lovelace""#), "profile.displayName",
      #"profile.displayName is "Ada Lovelace", expected any other value"#
    ),
    (.exists(true), "profile.bio", nil),
    (.exists(true), "profile.avatarUrl", "profile.avatarUrl is absent, expected it to exist"),
    (.exists(false), "profile.avatarUrl", nil),
    (.exists(false), "role", #"role is "ROLE_ADMIN", expected it to be absent"#),
    (.matches("@example\\.com$"), "email", nil),
    (.matches("^bob@"), "email", #"email is "ada@example.com", expected to match /^bob@/"#),
    (.matches("^[0-9]+$"), "userId", nil),
    (.matches("true"), "active", nil),
    (.matches("("), "email", #"email: invalid regular expression "(""#),
    (.greaterThan(0), "userId", nil),
    (.greaterThan(1), "userId", #"userId is "1", expected > 1"#),
    (.greaterOrEqual(1), "userId", nil),
    (.lessThan(3), "score", nil),
    (.lessThan(2.5), "score", "score is 2.5, expected < 2.5"),
    (.lessOrEqual(2.5), "score", nil),
    (.lessOrEqual(2), "score", "score is 2.5, expected <= 2"),
    (.greaterThan(0), "email", #"email is "ada@example.com", expected a number > 0"#),
    (.greaterThan(0), "missing", "missing is absent, expected > 0"),
  ]

  @Test(arguments: cases.indices)
  func assertionReasons(index: Int) {
    let (check, path, reason) = Self.cases[index]
    let evaluator = ResponseAssertionEvaluator(
      assertions: [ResponseAssertion(path: path, check: check)], responseType: nil)
    #expect(evaluator.firstFailure(in: Self.response) == reason.map { "assertion failed: \($0)" })
  }

  @Test func theFirstFailedAssertionIsReported() {
    let evaluator = ResponseAssertionEvaluator(
      assertions: [
        ResponseAssertion(path: "email", check: .exists(true)),
        ResponseAssertion(path: "role", check: .equals(#""ROLE_MEMBER""#)),
        ResponseAssertion(path: "userId", check: .greaterThan(5)),
      ], responseType: nil)
    #expect(
      evaluator.firstFailure(in: Self.response) == #"assertion failed: role is "ROLE_ADMIN", expected "ROLE_MEMBER""#)
  }

  @Test func redactionHidesSecretAndSensitiveValues() {
    let redaction = MetadataRedaction([
      MetadataEntry(name: "x-api-key", value: "demo-key"),
      MetadataEntry(name: "x-trace", value: "probe"),
      MetadataEntry(name: "x-tenant", value: "acme-secret-tenant", secret: true),
    ])
    #expect(
      redaction.redact("bad key demo-key for acme-secret-tenant in probe")
        == "bad key <redacted> for <redacted> in probe")
  }
}
