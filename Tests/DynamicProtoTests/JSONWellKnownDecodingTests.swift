import Foundation
import SwiftProtobuf
import Testing

@testable import DynamicProto

@Suite struct JSONWellKnownDecodingTests {
  private func decode(_ json: String, _ type: String = "jt.All", maxDepth: Int = 100) throws -> DynamicMessage {
    try DynamicMessage(JSONTestSchema.message(type), jsonString: json, options: .init(maxDepth: maxDepth))
  }

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

  private func seconds(_ json: String, _ field: String) throws -> (ProtoValue?, ProtoValue?) {
    let m = try decode(json)
    let wkt = try #require(m[field]?.messageValue)
    return (wkt["seconds"], wkt["nanos"])
  }

  @Test(arguments: [
    ("1970-01-01T00:00:00Z", 0, 0), ("2020-02-29T12:34:56.789+01:00", 1_582_976_096, 789_000_000),
    ("2020-02-29T12:34:56.000000001-00:30", 1_582_981_496, 1), ("0001-01-01T00:00:00Z", -62_135_596_800, 0),
    ("9999-12-31T23:59:59.999999999Z", 253_402_300_799, 999_999_999), ("1969-12-31T23:59:59.5Z", -1, 500_000_000),
  ] as [(String, Int64, Int32)])
  func timestamps(_ text: String, _ s: Int64, _ n: Int32) throws {
    let (sec, nanos) = try seconds("{\"ts\": \"\(text)\"}", "ts")
    #expect((sec ?? .int64(0)) == .int64(s))
    #expect((nanos ?? .int32(0)) == .int32(n))
  }

  @Test(arguments: [
    "2021-02-29T00:00:00Z", "2020-01-01t00:00:00Z", "2020-01-01T00:00:00z", "2020-01-01T00:00:00",
    "2020-01-01T00:00:00.1234567890Z", "2020-01-01T00:00:00.Z", "0000-12-31T00:00:00Z", "2020-1-01T00:00:00Z",
    "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-00:01", "2020-01-01T24:00:00Z", "2020-01-01T00:00:60Z",
    "2020-01-01T00:00:00+0100", "2020-01-01T00:00:00Z ", "",
  ])
  func invalidTimestamps(_ text: String) {
    let error = failure("{\"ts\": \"\(text)\"}")
    #expect(error?.path == "$.ts")
    #expect(error?.message == "invalid timestamp \"\(text)\"")
  }

  @Test(arguments: [
    ("1.5s", 1, 500_000_000), ("-0.000000001s", 0, -1), ("-1.5s", -1, -500_000_000), ("0s", 0, 0),
    ("315576000000s", 315_576_000_000, 0), ("-315576000000.999999999s", -315_576_000_000, -999_999_999),
    ("3.000100s", 3, 100_000),
  ] as [(String, Int64, Int32)])
  func durations(_ text: String, _ s: Int64, _ n: Int32) throws {
    let (sec, nanos) = try seconds("{\"dur\": \"\(text)\"}", "dur")
    #expect((sec ?? .int64(0)) == .int64(s))
    #expect((nanos ?? .int32(0)) == .int32(n))
  }

  @Test(arguments: ["315576000001s", "1", "s", "1.s", ".5s", "1.0000000001s", "1e3s", "+1s", " 1s", "1 s", "--1s"])
  func invalidDurations(_ text: String) {
    let error = failure("{\"dur\": \"\(text)\"}")
    #expect(error?.message == "invalid duration \"\(text)\"")
    #expect(failure(#"{"dur": 5}"#)?.message == "expected duration string, got number")
  }

  @Test func fieldMasks() throws {
    let m = try decode(#"{"mask": "fooBar,baz.quxQuux,a"}"#)
    #expect(m["mask"]?.messageValue?["paths"] == .list([.string("foo_bar"), .string("baz.qux_quux"), .string("a")]))
    #expect(try decode(#"{"mask": ""}"#)["mask"]?.messageValue?["paths"] == nil)
    #expect(failure(#"{"mask": "foo_bar"}"#)?.message.contains("invalid field mask") == true)
  }

  @Test func structValueAndListValue() throws {
    let m = try decode(#"{"st": {"a": 1, "b": [true, null, "x", {"c": {}}]}, "val": 2.5, "lv": [1, "two"]}"#)
    let st = try #require(m["st"]?.messageValue)
    guard case .map(let fields)? = st["fields"] else {
      Issue.record("no fields")
      return
    }
    #expect(fields[.string("a")]?.messageValue?["number_value"] == .double(1))
    let list = try #require(fields[.string("b")]?.messageValue?["list_value"]?.messageValue)
    guard case .list(let values)? = list["values"] else {
      Issue.record("no values")
      return
    }
    #expect(values.count == 4)
    #expect(values[0].messageValue?["bool_value"] == .bool(true))
    #expect(values[1].messageValue?["null_value"] == .enumNumber(0))
    #expect(values[2].messageValue?["string_value"] == .string("x"))
    #expect(values[3].messageValue?["struct_value"]?.messageValue?["fields"] != nil)
    #expect(m["val"]?.messageValue?["number_value"] == .double(2.5))
    #expect(m["lv"]?.messageValue?["values"].map { if case .list(let l) = $0 { l.count } else { 0 } } == 2)
    #expect(try decode(#"{"val": 0}"#)["val"]?.messageValue?["number_value"] == .double(0))
    #expect(try decode(#"{"val": ""}"#)["val"]?.messageValue?["string_value"] == .string(""))
    #expect(try decode(#"{"st": {}}"#)["st"]?.messageValue != nil)
    #expect(failure(#"{"st": []}"#)?.message == "expected object, got array")
    #expect(failure(#"{"lv": {}}"#)?.message == "expected array, got object")
    #expect(failure(#"{"st": {"a": {"b": [1, {"c": 1e999999}]}}}"#) == nil)  // Python reads 1e999999 as inf
    #expect(failure(#"{"st": {"a": {"b": [1, {"c": 1e999999}]}}}"#.replacingOccurrences(of: "1e999999", with: String(repeating: "9", count: 400)))?.path == #"$.st["a"]["b"][1]["c"]"#)
    // Roots of well-known type.
    let value = try decode("[1, {\"a\": null}]", "google.protobuf.Value")
    #expect(value["list_value"] != nil)
    #expect(try decode("null", "google.protobuf.Value")["null_value"] == .enumNumber(0))
  }

  @Test func wrappers() throws {
    let m = try decode(#"""
      {"wI64": "9007199254740993", "wStr": "s", "wBool": false, "wBytes": "AQ", "wDouble": "NaN", "wFloat": 1.5,
       "wI32": -1, "wU32": "7", "wU64": 18446744073709551615}
      """#)
    #expect(m["w_i64"]?.messageValue?["value"] == .int64(9_007_199_254_740_993))
    #expect(m["w_str"]?.messageValue?["value"] == .string("s"))
    #expect(m["w_bool"]?.messageValue != nil && m["w_bool"]?.messageValue?["value"] == nil)  // present, zero
    #expect(m["w_bytes"]?.messageValue?["value"] == .bytes([1]))
    #expect(m["w_float"]?.messageValue?["value"] == .float(1.5))
    #expect(m["w_i32"]?.messageValue?["value"] == .int32(-1))
    #expect(m["w_u32"]?.messageValue?["value"] == .uint32(7))
    #expect(m["w_u64"]?.messageValue?["value"] == .uint64(.max))
    #expect(failure(#"{"wI32": {"value": 1}}"#)?.message == "expected number or string, got object")
    #expect(try decode("\"12\"", "google.protobuf.Int64Value")["value"] == .int64(12))
    #expect(failure("null", "google.protobuf.Int64Value")?.message == "expected number or string, got null")
  }

  @Test func emptyIsAnObject() throws {
    #expect(try decode(#"{"empty": {}}"#)["empty"]?.messageValue != nil)
    #expect(failure(#"{"empty": {"x": 1}}"#)?.message.contains(#"unknown field "x""#) == true)
  }

  // MARK: Any

  private func anyPayload(_ m: DynamicMessage, field: String = "any") throws -> (String?, [UInt8]) {
    let any = try #require(m[field]?.messageValue)
    guard case .string(let url)? = any["type_url"] else { return (nil, []) }
    guard case .bytes(let bytes)? = any["value"] else { return (url, []) }
    return (url, bytes)
  }

  @Test func anyWithRegularPayloadTypeKeyAnywhere() throws {
    let m = try decode(#"{"any": {"fInt32": 5, "fColor": "RED", "@type": "type.googleapis.com/jt.Scalars"}}"#)
    let (url, bytes) = try anyPayload(m)
    #expect(url == "type.googleapis.com/jt.Scalars")
    let payload = try DynamicMessage(JSONTestSchema.message("jt.Scalars"), binary: bytes)
    #expect(payload["f_int32"] == .int32(5) && payload["f_color"] == .enumNumber(1))
    // Any prefix, or none, is accepted before the type name, as in Python.
    #expect(try anyPayload(decode(#"{"any": {"@type": "jt.Scalars"}}"#)).0 == "jt.Scalars")
    #expect(try decode(#"{"any": {}}"#)["any"]?.messageValue?.setFields.isEmpty == true)
  }

  @Test func anyWithWellKnownPayloads() throws {
    let d = try decode(#"{"any": {"value": "1.5s", "@type": "type.googleapis.com/google.protobuf.Duration"}}"#)
    let duration = try DynamicMessage(JSONTestSchema.message("google.protobuf.Duration"), binary: try anyPayload(d).1)
    #expect(duration["seconds"] == .int64(1) && duration["nanos"] == .int32(500_000_000))
    let w = try decode(#"{"any": {"@type": "x/google.protobuf.Int64Value", "value": "-3"}}"#)
    let wrapper = try DynamicMessage(JSONTestSchema.message("google.protobuf.Int64Value"), binary: try anyPayload(w).1)
    #expect(wrapper["value"] == .int64(-3))
    let nested = try decode(#"{"any": {"@type": "x/google.protobuf.Any", "value": {"@type": "x/google.protobuf.Value", "value": null}}}"#)
    let inner = try DynamicMessage(JSONTestSchema.message("google.protobuf.Any"), binary: try anyPayload(nested).1)
    #expect(inner["type_url"] == .string("x/google.protobuf.Value"))
    let empty = try decode(#"{"any": {"@type": "x/google.protobuf.Empty"}}"#)
    #expect(try anyPayload(empty) == ("x/google.protobuf.Empty", []))
    let structAny = try decode(#"{"anys": [{"@type": "x/google.protobuf.Struct", "value": {"k": [1]}}]}"#)
    #expect(structAny["anys"] != nil)
  }

  @Test func anyErrors() {
    #expect(failure(#"{"any": {"fInt32": 5}}"#)?.message == #"missing "@type" in google.protobuf.Any"#)
    let unknown = failure(#"{"any": {"@type": "x/jt.Nope"}}"#)
    #expect(unknown?.path == "$.any.@type")
    #expect(unknown?.message == #"unknown message type "x/jt.Nope" in "@type""#)
    #expect(failure(#"{"any": {"@type": "x/google.protobuf.Duration"}}"#)?.message.contains(#"missing "value""#) == true)
    let extra = failure(#"{"any": {"@type": "x/google.protobuf.Duration", "value": "1s", "seconds": 1}}"#)
    #expect(extra?.message.contains(#"unknown field "seconds""#) == true)
    #expect(failure(#"{"any": {"@type": "x/google.protobuf.Duration", "value": "1s", "seconds": 1}}"#, ignoreUnknown: true) == nil)
    let payload = failure(#"{"any": {"@type": "x/jt.Scalars", "fInt32": "x"}}"#)
    #expect(payload?.path == "$.any.fInt32")
    #expect(failure(#"{"any": {"@type": "x/jt.Scalars", "@type": "x/jt.Scalars"}}"#)?.message.contains("duplicate key") == true)
    #expect(failure(#"{"any": {"@type": "x/google.protobuf.Timestamp", "value": 1}}"#)?.path == "$.any.value")
    #expect(failure(#"{"any": []}"#)?.message == "expected object, got array")
    #expect(failure(#"{"any": {"@type": "x/jt.Scalars", "bad": [}}"#)?.code == .invalidJSON)
  }

  @Test func roundTripsThroughTheEncoder() throws {
    let text = #"""
      {"scalars": {"fInt64": "-9007199254740993", "fUint64": "18446744073709551615", "fFloat": "NaN",
       "fDouble": 1e-300, "fBytes": "-_8", "fColor": "GREEN", "fOpt": 0, "customName": "r"},
       "nested": [{"fString": "a"}, {}], "colors": ["RED", 7], "counts": {"z": 1, "a": 2},
       "byId": {"-1": "m"}, "byFlag": {"true": "t"}, "cMsg": {"fBool": true},
       "ts": "2020-02-29T12:34:56.789Z", "dur": "-1.5s", "st": {"a": [1, null, {"b": "c"}]}, "val": "s",
       "lv": [true], "wI64": "5", "wStr": "", "mask": "fooBar,x.yZ", "empty": {}, "child": {"ints": [1, 2]},
       "any": {"@type": "type.googleapis.com/jt.Scalars", "fInt32": 3},
       "anys": [{"@type": "type.googleapis.com/google.protobuf.Timestamp", "value": "1970-01-01T00:00:01Z"}]}
      """#
    let first = try decode(text)
    let second = try DynamicMessage(first.descriptor, jsonUTF8: try first.jsonUTF8())
    #expect(second.serializedBytes() == first.serializedBytes())
  }

  // MARK: Limits

  @Test func messageNestingLimit() {
    func nested(_ levels: Int) -> String {
      String(repeating: #"{"child": "#, count: levels - 1) + "{}" + String(repeating: "}", count: levels - 1)
    }
    #expect(failure(nested(100)) == nil)
    let error = failure(nested(101))
    #expect(error?.code == .limitExceeded)
    #expect(failure(nested(11), maxDepth: 10)?.code == .limitExceeded)
    #expect(failure(nested(10), maxDepth: 10) == nil)
  }

  @Test func hugeNestingIsALimitErrorNotACrash() {
    let arrays = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(failure(#"{"val": \#(arrays)}"#)?.code == .limitExceeded)
    #expect(failure(arrays, "google.protobuf.Value")?.code == .limitExceeded)
    #expect(failure(#"{"st": {"a": \#(arrays)}}"#)?.code == .limitExceeded)
    #expect(failure(#"{"unknown": \#(arrays)}"#, ignoreUnknown: true)?.code == .limitExceeded)
    let objects = String(repeating: #"{"child": "#, count: 100_000)
    #expect(failure(objects)?.code == .limitExceeded)
    let anys = String(repeating: #"{"@type": "x/google.protobuf.Any", "value": "#, count: 100_000)
    #expect(failure(anys, "google.protobuf.Any")?.code == .limitExceeded)
  }

  @Test func hugeInput() throws {
    let count = 200_000
    var text = #"{"ints": ["#
    text += (0..<count).map { String($0 * 7 - 1000) }.joined(separator: ",")
    text += #"], "strs": ["# + Array(repeating: #""abcdefghij\u00e9""#, count: 1000).joined(separator: ",") + "]}"
    let m = try decode(text)
    guard case .list(let ints)? = m["ints"], case .list(let strs)? = m["strs"] else {
      Issue.record("lists missing")
      return
    }
    #expect(ints.count == count && ints.last == .int32(Int32((count - 1) * 7 - 1000)))
    #expect(strs.count == 1000 && strs[0] == .string("abcdefghijé"))
    do {
      _ = try DynamicMessage(
        JSONTestSchema.message("jt.All"), jsonUTF8: Array(text.utf8), options: .init(maxInputBytes: text.utf8.count - 1))
      Issue.record("limit not applied")
    } catch let error as ProtoError {
      #expect(error.code == .limitExceeded)
    }
  }
}
