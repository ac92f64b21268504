import Foundation
import SwiftProtobuf
import Testing

@testable import DynamicProto

/// A proto3 file with every scalar, maps, a oneof, enums, nesting and WKT fields, plus a proto2 file with a closed
/// enum, a group and extensions; built in code.
enum JSONTestSchema {
  typealias FieldType = Google_Protobuf_FieldDescriptorProto.TypeEnum

  static func field(
    _ name: String, _ number: Int32, _ type: FieldType, repeated: Bool = false, typeName: String? = nil,
    jsonName: String? = nil, oneof: Int32? = nil, proto3Optional: Bool = false
  ) -> Google_Protobuf_FieldDescriptorProto {
    var f = Google_Protobuf_FieldDescriptorProto()
    f.name = name
    f.number = number
    f.type = type
    f.label = repeated ? .repeated : .optional
    if let typeName { f.typeName = typeName }
    if let jsonName { f.jsonName = jsonName }
    if let oneof { f.oneofIndex = oneof }
    f.proto3Optional = proto3Optional
    return f
  }

  static func mapEntry(_ name: String, _ key: FieldType, _ value: FieldType, valueType: String? = nil)
    -> Google_Protobuf_DescriptorProto
  {
    var m = Google_Protobuf_DescriptorProto()
    m.name = name
    m.options.mapEntry = true
    m.field = [field("key", 1, key), field("value", 2, value, typeName: valueType)]
    return m
  }

  static let pool: DescriptorPool = {
    var color = Google_Protobuf_EnumDescriptorProto()
    color.name = "Color"
    for (i, name) in ["COLOR_UNSPECIFIED", "RED", "GREEN"].enumerated() {
      var v = Google_Protobuf_EnumValueDescriptorProto()
      v.name = name
      v.number = Int32(i)
      color.value.append(v)
    }
    var scalars = Google_Protobuf_DescriptorProto()
    scalars.name = "Scalars"
    let kinds: [(String, FieldType)] = [
      ("f_int32", .int32), ("f_int64", .int64), ("f_uint32", .uint32), ("f_uint64", .uint64), ("f_sint32", .sint32),
      ("f_sint64", .sint64), ("f_fixed32", .fixed32), ("f_fixed64", .fixed64), ("f_sfixed32", .sfixed32),
      ("f_sfixed64", .sfixed64), ("f_float", .float), ("f_double", .double), ("f_bool", .bool),
      ("f_string", .string), ("f_bytes", .bytes),
    ]
    scalars.field = kinds.enumerated().map { field($1.0, Int32($0 + 1), $1.1) }
    scalars.field.append(field("f_color", 16, .enum, typeName: ".jt.Color"))
    scalars.field.append(field("f_opt", 17, .int32, oneof: 0, proto3Optional: true))
    scalars.field.append(field("renamed", 18, .string, jsonName: "customName"))
    scalars.oneofDecl = [Google_Protobuf_OneofDescriptorProto.with { $0.name = "_f_opt" }]

    var all = Google_Protobuf_DescriptorProto()
    all.name = "All"
    let wkt = ".google.protobuf."
    all.field = [
      field("scalars", 1, .message, typeName: ".jt.Scalars"),
      field("nested", 2, .message, repeated: true, typeName: ".jt.Scalars"),
      field("ints", 3, .int32, repeated: true),
      field("strs", 4, .string, repeated: true),
      field("colors", 5, .enum, repeated: true, typeName: ".jt.Color"),
      field("counts", 6, .message, repeated: true, typeName: ".jt.All.CountsEntry"),
      field("by_id", 7, .message, repeated: true, typeName: ".jt.All.ByIdEntry"),
      field("by_flag", 8, .message, repeated: true, typeName: ".jt.All.ByFlagEntry"),
      field("sub_map", 9, .message, repeated: true, typeName: ".jt.All.SubMapEntry"),
      field("color_map", 10, .message, repeated: true, typeName: ".jt.All.ColorMapEntry"),
      field("c_text", 11, .string, oneof: 0),
      field("c_msg", 12, .message, typeName: ".jt.Scalars", oneof: 0),
      field("c_num", 13, .int64, oneof: 0),
      field("ts", 14, .message, typeName: wkt + "Timestamp"),
      field("dur", 15, .message, typeName: wkt + "Duration"),
      field("st", 16, .message, typeName: wkt + "Struct"),
      field("val", 17, .message, typeName: wkt + "Value"),
      field("lv", 18, .message, typeName: wkt + "ListValue"),
      field("w_i64", 19, .message, typeName: wkt + "Int64Value"),
      field("w_str", 20, .message, typeName: wkt + "StringValue"),
      field("w_bool", 21, .message, typeName: wkt + "BoolValue"),
      field("w_bytes", 22, .message, typeName: wkt + "BytesValue"),
      field("w_double", 23, .message, typeName: wkt + "DoubleValue"),
      field("w_float", 24, .message, typeName: wkt + "FloatValue"),
      field("w_i32", 25, .message, typeName: wkt + "Int32Value"),
      field("w_u32", 26, .message, typeName: wkt + "UInt32Value"),
      field("w_u64", 27, .message, typeName: wkt + "UInt64Value"),
      field("mask", 28, .message, typeName: wkt + "FieldMask"),
      field("any", 29, .message, typeName: wkt + "Any"),
      field("empty", 30, .message, typeName: wkt + "Empty"),
      field("null_enum", 31, .enum, typeName: wkt + "NullValue"),
      field("child", 32, .message, typeName: ".jt.All"),
      field("values", 33, .message, repeated: true, typeName: wkt + "Value"),
      field("anys", 34, .message, repeated: true, typeName: wkt + "Any"),
      field("vmap", 35, .message, repeated: true, typeName: ".jt.All.VmapEntry"),
      field("extra_child", 36, .message, typeName: ".jt.Scalars"),
    ]
    all.oneofDecl = [Google_Protobuf_OneofDescriptorProto.with { $0.name = "choice" }]
    all.nestedType = [
      mapEntry("CountsEntry", .string, .int32), mapEntry("ByIdEntry", .int64, .string),
      mapEntry("ByFlagEntry", .bool, .string), mapEntry("SubMapEntry", .string, .message, valueType: ".jt.Scalars"),
      mapEntry("ColorMapEntry", .uint32, .enum, valueType: ".jt.Color"),
      mapEntry("VmapEntry", .string, .message, valueType: wkt + "Value"),
    ]
    var file = Google_Protobuf_FileDescriptorProto()
    file.name = "jt/all.proto"
    file.package = "jt"
    file.syntax = "proto3"
    file.dependency = ["any", "duration", "empty", "field_mask", "struct", "timestamp", "wrappers"].map {
      "google/protobuf/\($0).proto"
    }
    file.messageType = [scalars, all]
    file.enumType = [color]
    return try! DescriptorPool(files: [file, proto2File()])
  }()

  /// proto2: a closed enum, a group, an extendable message and its extensions.
  static func proto2File() -> Google_Protobuf_FileDescriptorProto {
    var closed = Google_Protobuf_EnumDescriptorProto()
    closed.name = "Closed"
    closed.value = [("A", Int32(1)), ("B", Int32(2))].map { n, v in Google_Protobuf_EnumValueDescriptorProto.with { $0.name = n; $0.number = v } }
    var group = Google_Protobuf_DescriptorProto()
    group.name = "MyGroup"
    group.field = [field("x", 1, .int32)]
    var ext = Google_Protobuf_DescriptorProto()
    ext.name = "Ext"
    ext.field = [
      field("a", 1, .int32), field("closed", 2, .enum, typeName: ".p2.Closed"),
      field("mygroup", 3, .group, typeName: ".p2.Ext.MyGroup"),
      field("closed_list", 4, .enum, repeated: true, typeName: ".p2.Closed"),
    ]
    ext.nestedType = [group]
    ext.extensionRange = [Google_Protobuf_DescriptorProto.ExtensionRange.with { $0.start = 100; $0.end = 200 }]
    var file = Google_Protobuf_FileDescriptorProto()
    file.name = "p2/ext.proto"
    file.package = "p2"
    file.syntax = "proto2"
    file.messageType = [ext]
    file.enumType = [closed]
    var e1 = field("ext_str", 100, .string)
    e1.extendee = ".p2.Ext"
    var e2 = field("ext_ints", 101, .int32, repeated: true)
    e2.extendee = ".p2.Ext"
    file.extension = [e1, e2]
    return file
  }

  static func message(_ name: String) -> MessageDescriptor { pool.message(named: name)! }
}

/// ProtoJSON → DynamicMessage: every mapping rule, every well-known type and every error path.
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
