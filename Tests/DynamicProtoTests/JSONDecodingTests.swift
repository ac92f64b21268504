import Foundation
import SwiftProtobuf
import Testing

@testable import DynamicProto

@Suite struct JSONDecodingTests {
  let all = JSONTestSchema.message("jt.All")
  let scalars = JSONTestSchema.message("jt.Scalars")

  private func decode(_ json: String, _ type: String = "jt.All", ignoreUnknown: Bool = false) throws -> DynamicMessage {
    try DynamicMessage(
      JSONTestSchema.message(type), jsonString: json, options: .init(ignoreUnknownFields: ignoreUnknown))
  }

  /// The error for `json`, or nil if it decodes.
  private func failure(_ json: String, _ type: String = "jt.All", ignoreUnknown: Bool = false, maxDepth: Int = 100)
    -> ProtoError?
  {
    do {
      _ = try DynamicMessage(
        JSONTestSchema.message(type), jsonString: json,
        options: .init(ignoreUnknownFields: ignoreUnknown, maxDepth: maxDepth))
      return nil
    } catch {
      return error as? ProtoError
    }
  }

  private func expectError(
    _ json: String, _ type: String = "jt.All", path: String, contains text: String, ignoreUnknown: Bool = false,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let error = failure(json, type, ignoreUnknown: ignoreUnknown)
    #expect(error?.code == .invalidJSON, "\(json)", sourceLocation: sourceLocation)
    #expect(error?.path == path, "\(json): \(String(describing: error))", sourceLocation: sourceLocation)
    #expect(error?.message.contains(text) == true, "\(json): \(String(describing: error))", sourceLocation: sourceLocation)
  }

  private func sub(_ m: DynamicMessage, _ name: String) -> DynamicMessage? { m[name]?.messageValue }

  // MARK: Scalars

  @Test func readsEveryScalarFromNumbersAndStrings() throws {
    let m = try decode(#"""
      {"scalars": {"fInt32": -5, "fInt64": "-9223372036854775808", "fUint32": 4294967295,
       "fUint64": "18446744073709551615", "fSint32": "7", "fSint64": -9007199254740993, "fFixed32": 1e2,
       "fFixed64": "1.5e3", "fSfixed32": -2147483648, "fSfixed64": 9223372036854775807, "fFloat": 2.5,
       "fDouble": "-1e-3", "fBool": true, "fString": "h\u00e9", "fBytes": "AQID", "fColor": "GREEN",
       "fOpt": 0, "customName": "r"}}
      """#)
    let s = try #require(sub(m, "scalars"))
    #expect(s["f_int32"] == .int32(-5))
    #expect(s["f_int64"] == .int64(.min))
    #expect(s["f_uint32"] == .uint32(.max))
    #expect(s["f_uint64"] == .uint64(.max))
    #expect(s["f_sint32"] == .int32(7))
    #expect(s["f_sint64"] == .int64(-9_007_199_254_740_993))
    #expect(s["f_fixed32"] == .uint32(100))
    #expect(s["f_fixed64"] == .uint64(1500))
    #expect(s["f_sfixed32"] == .int32(.min))
    #expect(s["f_sfixed64"] == .int64(.max))
    #expect(s["f_float"] == .float(2.5))
    #expect(s["f_double"] == .double(-0.001))
    #expect(s["f_bool"] == .bool(true))
    #expect(s["f_string"] == .string("hé"))
    #expect(s["f_bytes"] == .bytes([1, 2, 3]))
    #expect(s["f_color"] == .enumNumber(2))
    #expect(s["f_opt"] == .int32(0))  // proto3 optional keeps an explicit zero
    #expect(s["renamed"] == .string("r"))
    // The proto field names work as well.
    let p = try decode(#"{"f_int32": 1, "f_opt": 2, "renamed": "x"}"#, "jt.Scalars")
    #expect(p["f_int32"] == .int32(1) && p["f_opt"] == .int32(2) && p["renamed"] == .string("x"))
  }

  @Test func implicitPresenceZerosAreUnset() throws {
    let s = try decode(#"{"fInt32": 0, "fString": "", "fBool": false, "fBytes": "", "fColor": "COLOR_UNSPECIFIED"}"#, "jt.Scalars")
    #expect(s.setFields.isEmpty)
    #expect(s == DynamicMessage(scalars))
  }

  @Test(arguments: [
    (#"{"fInt64": "9223372036854775808"}"#, "value 9223372036854775808 overflows int64"),
    (#"{"fInt64": -9223372036854775809}"#, "value -9223372036854775809 overflows int64"),
    (#"{"fUint64": 18446744073709551616}"#, "value 18446744073709551616 overflows uint64"),
    (#"{"fUint32": -1}"#, "value -1 overflows uint32"),
    (#"{"fInt32": 2147483648}"#, "value 2147483648 overflows int32"),
    (#"{"fSint32": "1e10"}"#, "value 1e10 overflows sint32"),
    (#"{"fInt64": 1e20}"#, "value 1e20 overflows int64"),
    (#"{"fInt32": 1.5}"#, "value 1.5 is not an integer"),
    (#"{"fInt32": "1.5"}"#, "value 1.5 is not an integer"),
    (#"{"fInt32": "abc"}"#, #"invalid value "abc" for int32"#),
    (#"{"fInt32": " 1"}"#, #"invalid value " 1" for int32"#),
    (#"{"fInt32": true}"#, "expected number or string, got bool"),
    (#"{"fInt32": [1]}"#, "expected number or string, got array"),
    (#"{"fFloat": 3.5e38}"#, "value 3.5e38 overflows float"),
    (#"{"fFloat": -3.5e38}"#, "value -3.5e38 overflows float"),
    (#"{"fDouble": 1e400}"#, "value 1e400 overflows double"),
    (#"{"fDouble": "nan"}"#, #"invalid value "nan" for double"#),
    (#"{"fDouble": "0x10"}"#, #"invalid value "0x10" for double"#),
    (#"{"fDouble": {}}"#, "expected number or string, got object"),
    (#"{"fBool": "true"}"#, "expected true or false, got string"),
    (#"{"fBool": 1}"#, "expected true or false, got number"),
    (#"{"fString": 5}"#, "expected string, got number"),
    (#"{"fBytes": "A"}"#, "invalid base64"),
    (#"{"fBytes": "AQ*D"}"#, "invalid base64"),
    (#"{"fBytes": 12}"#, "expected base64 string, got number"),
    (#"{"fColor": "BLUE"}"#, #"invalid value "BLUE" for enum jt.Color"#),
    (#"{"fColor": 4294967296}"#, "invalid value 4294967296 for enum jt.Color"),
    (#"{"fColor": true}"#, "expected enum name or number, got bool"),
  ])
  func scalarErrors(_ json: String, _ message: String) {
    let key = String(json.dropFirst(2).prefix { $0 != "\"" })
    expectError(json, "jt.Scalars", path: "$.\(key)", contains: message)
  }

  @Test func floatsAcceptSpecialStringsAndRangeEdges() throws {
    let m = try decode(#"{"fFloat": "NaN", "fDouble": "-Infinity"}"#, "jt.Scalars")
    guard case .float(let f)? = m["f_float"], case .double(let d)? = m["f_double"] else {
      Issue.record("missing")
      return
    }
    #expect(f.isNaN && d == -.infinity)
    #expect(try decode(#"{"fDouble": "Infinity"}"#, "jt.Scalars")["f_double"] == .double(.infinity))
    #expect(try decode(#"{"fFloat": 3.4028234663852886e38}"#, "jt.Scalars")["f_float"] == .float(.greatestFiniteMagnitude))
    // As in Python, a string beyond the range is read through float(): it becomes infinity.
    #expect(try decode(#"{"fFloat": "1e39"}"#, "jt.Scalars")["f_float"] == .float(.infinity))
    #expect(try decode(#"{"fDouble": "1e400"}"#, "jt.Scalars")["f_double"] == .double(.infinity))
    #expect(try decode(#"{"fDouble": "+.5"}"#, "jt.Scalars")["f_double"] == .double(0.5))
    #expect(try decode(#"{"fDouble": -0.0}"#, "jt.Scalars")["f_double"] == .double(-0.0))
  }

  @Test func bytesAcceptStandardAndURLSafeBase64PaddedOrNot() throws {
    for (text, bytes) in [("AQID", [1, 2, 3]), ("AQI=", [1, 2]), ("AQI", [1, 2]), ("-_8", [0xFB, 0xFF]),
      ("+/8=", [0xFB, 0xFF]), ("", []), ("aGVsbG8gd29ybGQ", Array("hello world".utf8)), ("YQ\\u003d\\u003d", [0x61])] as [(String, [UInt8])]
    {
      let m = try decode("{\"fBytes\": \"\(text)\"}", "jt.Scalars")
      #expect((m["f_bytes"] ?? .bytes([])) == .bytes(bytes), "\(text)")
    }
  }

  @Test func enumsByNameOrNumber() throws {
    #expect(try decode(#"{"fColor": 1}"#, "jt.Scalars")["f_color"] == .enumNumber(1))
    #expect(try decode(#"{"fColor": "2"}"#, "jt.Scalars")["f_color"] == .enumNumber(2))
    #expect(try decode(#"{"fColor": 99}"#, "jt.Scalars")["f_color"] == .enumNumber(99))  // open enum
    #expect(try decode(#"{"fColor": "BLUE"}"#, "jt.Scalars", ignoreUnknown: true)["f_color"] == nil)
    let list = try decode(#"{"colors": ["RED", "BLUE", 2]}"#, ignoreUnknown: true)
    #expect(list["colors"] == .list([.enumNumber(1), .enumNumber(2)]))
    let map = try decode(#"{"colorMap": {"1": "RED", "2": "BLUE"}}"#, ignoreUnknown: true)
    #expect(map["color_map"] == .map([.uint32(1): .enumNumber(1)]))
    // Closed (proto2) enums reject unknown numbers, even when unknown fields are ignored.
    #expect(try decode(#"{"closed": "B"}"#, "p2.Ext")["closed"] == .enumNumber(2))
    #expect(try decode(#"{"closed": 1}"#, "p2.Ext")["closed"] == .enumNumber(1))
    expectError(#"{"closed": 5}"#, "p2.Ext", path: "$.closed", contains: "invalid value 5 for enum p2.Closed")
    expectError(#"{"closedList": [1, "7"]}"#, "p2.Ext", path: "$.closedList[1]", contains: "invalid value 7", ignoreUnknown: true)
  }

  // MARK: Fields

  @Test func nullLeavesFieldsUnsetExceptValueAndNullValue() throws {
    let m = try decode(#"{"scalars": null, "ints": null, "counts": null, "val": null, "nullEnum": null, "ts": null, "cText": null}"#)
    #expect(m["scalars"] == nil && m["ints"] == nil && m["counts"] == nil && m["ts"] == nil && m["c_text"] == nil)
    let value = try #require(sub(m, "val"))
    #expect(value["null_value"] == .enumNumber(0))
    #expect(try decode(#"{"nullEnum": "NULL_VALUE"}"#)["null_enum"] == nil)  // zero: implicit presence
    // A later null clears what an earlier spelling set.
    #expect(try decode(#"{"fInt32": 4, "f_int32": null}"#, "jt.Scalars")["f_int32"] == nil)
  }

  @Test func oneofAcceptsOneMember() throws {
    #expect(try decode(#"{"cNum": "12"}"#)["c_num"] == .int64(12))
    let m = try decode(#"{"cText": null, "cMsg": {"fInt32": 1}}"#)
    #expect(sub(m, "c_msg")?["f_int32"] == .int32(1))
    expectError(#"{"cText": "a", "cNum": 1}"#, path: "$", contains: #"more than one field of oneof "choice""#)
    expectError(#"{"cText": "a", "c_text": "b"}"#, path: "$", contains: "oneof")
    // proto3 optional fields sit in a synthetic oneof: both spellings with values is the same error in Python.
    expectError(#"{"fOpt": 1, "f_opt": 2}"#, "jt.Scalars", path: "$", contains: "oneof")
  }

  @Test func duplicateKeysAndDoubleSpellings() throws {
    expectError(#"{"fInt32": 1, "fInt32": 2}"#, "jt.Scalars", path: "$", contains: #"duplicate key "fInt32""#)
    expectError(#"{"x": 1, "x": 2}"#, "jt.Scalars", path: "$", contains: #"duplicate key "x""#, ignoreUnknown: true)
    expectError(#"{"counts": {"a": 1, "a": 2}}"#, path: #"$.counts["a"]"#, contains: "duplicate key")
    expectError(#"{"byId": {"1": "a", "1": "b"}}"#, path: #"$.byId["1"]"#, contains: "duplicate key")
    expectError(#"{"st": {"k": 1, "k": 2}}"#, path: "$.st", contains: "duplicate key")
    // JSON name and proto name are different keys: the last one wins (messages merge), as in Python.
    #expect(try decode(#"{"fInt32": 1, "f_int32": 2}"#, "jt.Scalars")["f_int32"] == .int32(2))
    let merged = try decode(#"{"extraChild": {"fInt32": 1}, "extra_child": {"fString": "s"}}"#)
    #expect(sub(merged, "extra_child")?["f_int32"] == .int32(1))
    #expect(sub(merged, "extra_child")?["f_string"] == .string("s"))
    let replaced = try decode(#"{"subMap": {"k": {"fInt32": 1}}, "sub_map": {"j": {}}}"#)
    #expect(replaced["sub_map"] == .map([.string("j"): .message(DynamicMessage(scalars))]))
  }

  @Test func unknownFields() throws {
    expectError(#"{"nope": 1}"#, path: "$", contains: #"unknown field "nope" in message jt.All"#)
    expectError(#"{"child": {"child": {"bad": true}}}"#, path: "$.child.child", contains: #"unknown field "bad""#)
    let m = try decode(#"{"nope": {"deep": [1, {"x": null}]}, "ints": [1], "@type": "x"}"#, ignoreUnknown: true)
    #expect(m["ints"] == .list([.int32(1)]))
    // Skipped values are still checked.
    expectError(#"{"nope": [1, 2,]}"#, path: "$.nope", contains: "trailing comma", ignoreUnknown: true)
    expectError(#"{"nope": {"a": 1, "a": 2}}"#, path: "$.nope", contains: "duplicate key", ignoreUnknown: true)
  }

  @Test func repeatedFields() throws {
    let m = try decode(#"{"ints": [1, "2", 3e0], "strs": [], "nested": [{"fInt32": 1}, {}], "values": [null, 1]}"#)
    #expect(m["ints"] == .list([.int32(1), .int32(2), .int32(3)]))
    #expect(m["strs"] == nil)
    guard case .list(let nested)? = m["nested"], case .list(let values)? = m["values"] else {
      Issue.record("lists missing")
      return
    }
    #expect(nested.count == 2 && values.count == 2)
    expectError(#"{"ints": [1, null]}"#, path: "$.ints[1]", contains: "null is not allowed in a repeated field")
    expectError(#"{"nested": [{}, null]}"#, path: "$.nested[1]", contains: "null is not allowed")
    expectError(#"{"ints": 1}"#, path: "$.ints", contains: "expected array, got number")
    expectError(#"{"anys": [{"@type": 1}]}"#, path: "$.anys[0].@type", contains: "expected type URL string")
    // Python fails on null for a repeated Value field (it cannot set null_value on a list).
    expectError(#"{"values": null}"#, path: "$.values", contains: "expected array, got null")
  }

  @Test func maps() throws {
    let m = try decode(#"""
      {"counts": {"a": 1, "b": "2"}, "byId": {"-5": "x", "1e2": "y", "9223372036854775807": "z"},
       "byFlag": {"true": "t", "false": "f"}, "subMap": {"k": {"fInt32": 3}}, "vmap": {"n": null}}
      """#)
    #expect(m["counts"] == .map([.string("a"): .int32(1), .string("b"): .int32(2)]))
    #expect(m["by_id"] == .map([.int64(-5): .string("x"), .int64(100): .string("y"), .int64(.max): .string("z")]))
    #expect(m["by_flag"] == .map([.bool(true): .string("t"), .bool(false): .string("f")]))
    guard case .map(let sm)? = m["sub_map"], case .map(let vm)? = m["vmap"] else {
      Issue.record("maps missing")
      return
    }
    #expect(sm[.string("k")]?.messageValue?["f_int32"] == .int32(3))
    #expect(vm[.string("n")]?.messageValue?["null_value"] == .enumNumber(0))
    expectError(#"{"byFlag": {"yes": "t"}}"#, path: #"$.byFlag["yes"]"#, contains: #"invalid map key "yes""#)
    expectError(#"{"byId": {"x1": "t"}}"#, path: #"$.byId["x1"]"#, contains: #"invalid value "x1" for int64"#)
    expectError(#"{"colorMap": {"-1": "RED"}}"#, path: #"$.colorMap["-1"]"#, contains: "overflows uint32")
    expectError(#"{"counts": {"a": null}}"#, path: #"$.counts["a"]"#, contains: "null is not allowed as a map value")
    expectError(#"{"subMap": {"a\"b": null}}"#, path: #"$.subMap["a\"b"]"#, contains: "null")
    expectError(#"{"counts": []}"#, path: "$.counts", contains: "expected object, got array")
  }

  @Test func errorPathsUseKeysAsWritten() {
    expectError(#"{"nested": [{}, {}, {"f_string": 5}]}"#, path: "$.nested[2].f_string", contains: "expected string, got number")
    expectError(#"{"child": {"sub_map": {"k": {"fBool": 0}}}}"#, path: #"$.child.sub_map["k"].fBool"#, contains: "expected true or false")
    expectError(#"{"scalars": 5}"#, path: "$.scalars", contains: "expected object, got number")
    expectError(#"[]"#, path: "$", contains: "expected object, got array")
    expectError(#"{"ints": [1,]}"#, path: "$.ints", contains: "trailing comma")
    expectError(#"{"ints": [1]} x"#, path: "$", contains: "line 1, column 15")
  }

  @Test func groupsAndExtensions() throws {
    let m = try decode(#"{"a": 1, "mygroup": {"x": 7}, "[p2.ext_str]": "e", "[p2.ext_ints]": [1, 2]}"#, "p2.Ext")
    #expect(sub(m, "mygroup")?["x"] == .int32(7))
    let pool = JSONTestSchema.pool
    #expect(m[try #require(pool.extensionField(named: "p2.ext_str"))] == .string("e"))
    #expect(m[try #require(pool.extensionField(named: "p2.ext_ints"))] == .list([.int32(1), .int32(2)]))
    #expect(try decode(#"{"[p2.ext_str]": null}"#, "p2.Ext").setFields.isEmpty)
    expectError(#"{"[p2.nope]": 1}"#, "p2.Ext", path: "$", contains: #"unknown field "[p2.nope]""#)
    #expect(try decode(#"{"[p2.nope]": 1}"#, "p2.Ext", ignoreUnknown: true).setFields.isEmpty)
    expectError(#"{"[p2.ext_str]": 5}"#, "p2.Ext", path: "$.[p2.ext_str]", contains: "expected string")
    // A message without extension ranges rejects extension keys even when unknown fields are ignored (Python).
    expectError(#"{"[p2.ext_str]": "e"}"#, "jt.Scalars", path: "$", contains: "has no extensions", ignoreUnknown: true)
  }

  @Test func allThreeEntryPointsAgree() throws {
    let text = #"{"scalars": {"fInt64": "12", "fString": "\u00e9"}, "ints": [1, 2], "ts": "2020-01-01T00:00:00Z"}"#
    let a = try DynamicMessage(all, jsonString: text)
    let b = try DynamicMessage(all, jsonUTF8: Array(text.utf8))
    let c = try DynamicMessage(all, json: try JSONValue(parsing: text))
    #expect(a == b && b == c)
    #expect(throws: ProtoError.self) { try DynamicMessage(all, jsonString: text, options: .init(maxInputBytes: 10)) }
  }
}

/// The well-known types' JSON forms, `Any`, and the depth and size limits.
