import Testing

@testable import DynamicProto

/// The strict RFC 8259 parser behind ``JSONValue``: values, rejected syntax, limits, error locations, and the
/// number helpers shared with the ProtoJSON decoder.
@Suite struct JSONParserTests {
  private func parse(_ text: String, maxDepth: Int = 100) throws -> JSONValue {
    try JSONValue(parsing: text, maxDepth: maxDepth)
  }

  private func parseError(_ bytes: [UInt8], maxDepth: Int = 100) -> ProtoError? {
    do {
      _ = try JSONValue(parsing: bytes, maxDepth: maxDepth)
      return nil
    } catch {
      return error as? ProtoError
    }
  }

  private func parseError(_ text: String) -> ProtoError? { parseError(Array(text.utf8)) }

  @Test func parsesEveryKindKeepingOrderAndNumberText() throws {
    let value = try parse(#" { "b": [1, -0.5e+10, 12345678901234567890], "a": {"x": null, "y": true}, "c": "s", "d": false } "#)
    guard case .object(let members) = value else {
      Issue.record("not an object")
      return
    }
    #expect(members.map(\.key) == ["b", "a", "c", "d"])
    #expect(value["b"] == .array([.number("1"), .number("-0.5e+10"), .number("12345678901234567890")]))
    #expect(value["a"] == .object([("x", .null), ("y", .bool(true))]))
    #expect(value["c"]?.stringValue == "s")
    #expect(value["d"]?.boolValue == false)
    #expect(try parse("[]") == .array([]))
    #expect(try parse("{}") == .object([]))
    #expect(try parse("  \"top\"\n") == .string("top"))
    #expect(try parse("0") == .number("0"))
  }

  @Test func decodesEscapesAndSurrogatePairs() throws {
    let value = try parse(#""\"\\\/\b\f\n\r\t\u0041\u00e9\u20ac\ud83d\ude00 é""#)
    #expect(value == .string("\"\\/\u{8}\u{C}\n\r\tAé€😀 é"))
  }

  @Test(arguments: [
    "[1,]", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{a:1}", "{'a':1}", "// c\n1", "/* c */ 1", "NaN", "Infinity",
    "-Infinity", "01", "-01", "1.", ".5", "+1", "1e", "1e+", "-", "0x10", "tru", "nul", "truex", "\"a", "[", "{",
    "{\"a\":}", "", "   ", "1 2", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
    "[1]]", "\u{FEFF}1", "\"tab\there\"",
  ])
  func rejectsNonRFCInput(_ text: String) {
    let error = parseError(text)
    #expect(error?.code == .invalidJSON, "accepted \(text.debugDescription)")
  }

  @Test func rejectsInvalidUTF8() {
    for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xE2, 0x82, 0x22]] {
      #expect(parseError(bytes)?.code == .invalidJSON)
    }
    #expect(parseError([0x22, 0xC3, 0xA9, 0x22]) == nil)
  }

  @Test func duplicateKeysAreErrors() {
    #expect(parseError(#"{"a": 1, "b": 2, "a": 3}"#)?.message.contains(#"duplicate key "a""#) == true)
    // Past the linear-scan threshold too.
    let many = (0..<20).map { "\"k\($0)\": \($0)" }.joined(separator: ",")
    #expect(parseError("{\(many), \"k7\": 1}")?.message.contains(#"duplicate key "k7""#) == true)
    #expect(parseError(#"[{"a": 1}, {"a": 2}]"#) == nil)
  }

  @Test func errorsGiveLineColumnAndOffset() {
    let error = parseError("{\n  \"a\": 1,\n  \"b\": tru\n}")
    #expect(error?.message.contains("line 3, column 8 (byte 19)") == true, "\(String(describing: error))")
  }

  @Test func depthLimitCountsArraysAndObjects() throws {
    let ok = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
    #expect(try parse(ok) != .null)
    let tooDeep = String(repeating: "[", count: 101) + String(repeating: "]", count: 101)
    #expect(parseError(tooDeep)?.code == .limitExceeded)
    let objects = String(repeating: #"{"a":"#, count: 6) + "1" + String(repeating: "}", count: 6)
    #expect((try? parse(objects, maxDepth: 6)) != nil)
    #expect((try? parse(objects, maxDepth: 5)) == nil)
  }

  @Test func hugeNestingFailsWithoutRecursion() {
    let deep = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
    #expect(parseError(deep)?.code == .limitExceeded)
    let deepObjects = Array(String(repeating: #"{"a":"#, count: 100_000).utf8)
    #expect(parseError(deepObjects)?.code == .limitExceeded)
    // A permissive limit still parses deep input iteratively (and the tree is torn down fine at this depth).
    let balanced = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
    #expect((try? JSONValue(parsing: balanced, maxDepth: 10_000)) != nil)
  }

  @Test func inputSizeLimit() {
    let text = "[" + Array(repeating: "1", count: 1000).joined(separator: ",") + "]"
    #expect(throws: ProtoError.self) { try JSONValue(parsing: text, maxInputBytes: 100) }
    do {
      _ = try JSONValue(parsing: Array(text.utf8), maxInputBytes: 100)
    } catch let error as ProtoError {
      #expect(error.code == .limitExceeded)
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test func serializesBackToEquivalentJSON() throws {
    let value = try parse(#"{"a":[1,2.5,"x\"y\n\u0001"],"b":{"c":null,"d":true},"é":"ü"}"#)
    #expect(value.jsonText(indent: nil) == #"{"a":[1,2.5,"x\"y\n\u0001"],"b":{"c":null,"d":true},"é":"ü"}"#)
    #expect(try JSONValue(parsing: value.jsonUTF8()) == value)
    #expect(value.jsonText(indent: 2) == "{\n  \"a\": [\n    1,\n    2.5,\n    \"x\\\"y\\n\\u0001\"\n  ],\n  \"b\": {\n    \"c\": null,\n    \"d\": true\n  },\n  \"é\": \"ü\"\n}")
    #expect(JSONValue.array([]).description == "[]")
  }

  @Test func accessors() throws {
    let value = try parse(#"{"n": 12, "big": 18446744073709551615, "s": "x", "l": [1]}"#)
    #expect(value["n"]?.int64Value == 12)
    #expect(value["n"]?.doubleValue == 12)
    #expect(value["big"]?.int64Value == nil)
    #expect(value["l"]?.arrayValue?.count == 1)
    #expect(value.objectValue?.count == 4)
    #expect(value["missing"] == nil)
    #expect(value["s"]?.kindName == "string")
  }

  // MARK: Number helpers

  @Test func fastDoubleParsingMatchesStandardLibrary() {
    var rng = SystemRandomNumberGenerator()
    var samples = ["0", "-0", "1e22", "1e23", "9007199254740993", "123456789012345", "0.1", "1e-22", "4.9e-324",
      "1.7976931348623157e308", "2.2250738585072014e-308", "123.456e-5", "+1.5", ".5", "5.", "1e400", "1e-400"]
    for _ in 0..<2000 {
      let mantissa = UInt64.random(in: 0...999_999_999_999_999, using: &rng)
      let exp = Int.random(in: -30...30, using: &rng)
      samples.append("\(mantissa)e\(exp)")
      samples.append("\(Double.random(in: -1e6...1e6, using: &rng))")
    }
    for text in samples {
      let parsed = Array(text.utf8).withUnsafeBufferPointer { JSONNumbers.parseDouble($0) }
      #expect(parsed?.bitPattern == Double(text)?.bitPattern, "\(text)")
    }
  }

  @Test func integerTextForms() {
    func parse(_ s: String) -> JSONIntegerText { Array(s.utf8).withUnsafeBufferPointer { JSONNumbers.parseInteger($0) } }
    guard case .exact(false, 18_446_744_073_709_551_615, false) = parse("18446744073709551615") else {
      Issue.record("max uint64")
      return
    }
    guard case .exact(_, _, true) = parse("18446744073709551616") else {
      Issue.record("overflow")
      return
    }
    guard case .exact(true, 5, false) = parse("-005") else {
      Issue.record("leading zeros")
      return
    }
    guard case .double(100) = parse("1e2"), case .double(1.5) = parse("1.5"), case .invalid = parse("1 "),
      case .invalid = parse("0x1"), case .invalid = parse(""), case .invalid = parse("-")
    else {
      Issue.record("fallback forms")
      return
    }
  }
}
