import Foundation
import SwiftProtobuf
import Testing

@testable import DynamicProto

private typealias FieldProto = Google_Protobuf_FieldDescriptorProto

private func field(
  _ name: String, _ number: Int32, _ type: FieldProto.TypeEnum, _ label: FieldProto.Label = .optional,
  typeName: String? = nil, oneof: Int32? = nil, jsonName: String? = nil, proto3Optional: Bool = false
) -> FieldProto {
  var f = FieldProto()
  f.name = name
  f.number = number
  f.type = type
  f.label = label
  if let typeName { f.typeName = typeName }
  if let oneof { f.oneofIndex = oneof }
  if let jsonName { f.jsonName = jsonName }
  if proto3Optional { f.proto3Optional = true }
  return f
}

private func message(_ name: String, _ fields: [FieldProto]) -> Google_Protobuf_DescriptorProto {
  var m = Google_Protobuf_DescriptorProto()
  m.name = name
  m.field = fields
  return m
}

private func mapEntry(
  _ name: String, _ key: FieldProto.TypeEnum, _ value: FieldProto.TypeEnum, valueType: String? = nil
) -> Google_Protobuf_DescriptorProto {
  var m = message(name, [field("key", 1, key), field("value", 2, value, typeName: valueType)])
  m.options.mapEntry = true
  return m
}

/// proto3 `t.All` (every scalar, repeated, maps, oneof, proto3 optional, json_name, each WKT), `t.Node` (recursive)
/// and `t.Unordered` (fields declared out of number order); proto2 `p2.Msg` with a group, a closed enum, extensions.
private let testPool: DescriptorPool = {
  var all = message("All", [
    field("i32", 1, .int32), field("i64", 2, .int64), field("u32", 3, .uint32), field("u64", 4, .uint64),
    field("s32", 5, .sint32), field("s64", 6, .sint64), field("f32", 7, .fixed32), field("f64", 8, .fixed64),
    field("sf32", 9, .sfixed32), field("sf64", 10, .sfixed64), field("flt", 11, .float), field("dbl", 12, .double),
    field("b", 13, .bool), field("str", 14, .string), field("byt", 15, .bytes),
    field("color", 16, .enum, typeName: ".t.All.Color"), field("nested", 17, .message, typeName: ".t.All.Nested"),
    field("r_i32", 18, .int32, .repeated), field("r_str", 19, .string, .repeated),
    field("r_nested", 20, .message, .repeated, typeName: ".t.All.Nested"),
    field("r_color", 21, .enum, .repeated, typeName: ".t.All.Color"),
    field("m_str", 22, .message, .repeated, typeName: ".t.All.MStrEntry"),
    field("m_i64", 23, .message, .repeated, typeName: ".t.All.MI64Entry"),
    field("m_bool", 24, .message, .repeated, typeName: ".t.All.MBoolEntry"),
    field("m_u32", 25, .message, .repeated, typeName: ".t.All.MU32Entry"),
    field("o_str", 26, .string, oneof: 0), field("o_msg", 27, .message, typeName: ".t.All.Nested", oneof: 0),
    field("o_int", 28, .int32, oneof: 0), field("opt_i32", 29, .int32, oneof: 1, proto3Optional: true),
    field("json_named", 30, .string, jsonName: "custom"),
  ])
  let wkts: [(String, String)] = [
    ("ts", "Timestamp"), ("dur", "Duration"), ("fm", "FieldMask"), ("st", "Struct"), ("val", "Value"),
    ("lv", "ListValue"), ("any", "Any"), ("empty", "Empty"), ("w_dbl", "DoubleValue"), ("w_flt", "FloatValue"),
    ("w_i64", "Int64Value"), ("w_u64", "UInt64Value"), ("w_i32", "Int32Value"), ("w_u32", "UInt32Value"),
    ("w_bool", "BoolValue"), ("w_str", "StringValue"), ("w_byt", "BytesValue"),
  ]
  for (i, (name, type)) in wkts.enumerated() {
    all.field.append(field(name, 31 + Int32(i), .message, typeName: ".google.protobuf." + type))
  }
  all.field.append(field("null_val", 48, .enum, typeName: ".google.protobuf.NullValue"))
  all.oneofDecl = [.with { $0.name = "choice" }, .with { $0.name = "_opt_i32" }]
  all.nestedType = [
    message("Nested", [field("a", 1, .int32), field("b_c", 2, .string)]),
    mapEntry("MStrEntry", .string, .int32), mapEntry("MI64Entry", .int64, .string),
    mapEntry("MBoolEntry", .bool, .message, valueType: ".t.All.Nested"),
    mapEntry("MU32Entry", .uint32, .enum, valueType: ".t.All.Color"),
  ]
  all.enumType = [
    .with {
      $0.name = "Color"
      $0.value = [.with { $0.name = "COLOR_UNSPECIFIED" }, .with { $0.name = "RED"; $0.number = 1 }]
    }
  ]
  var node = message("Node", [
    field("child", 1, .message, typeName: ".t.Node"), field("kids", 2, .message, .repeated, typeName: ".t.Node"),
    field("when", 3, .message, typeName: ".google.protobuf.Timestamp"),
    field("named", 4, .message, .repeated, typeName: ".t.Node.NamedEntry"),
  ])
  node.nestedType = [mapEntry("NamedEntry", .string, .message, valueType: ".t.Node")]
  var p3 = Google_Protobuf_FileDescriptorProto()
  p3.name = "t/all.proto"
  p3.package = "t"
  p3.syntax = "proto3"
  p3.dependency = [
    "google/protobuf/timestamp.proto", "google/protobuf/duration.proto", "google/protobuf/field_mask.proto",
    "google/protobuf/struct.proto", "google/protobuf/any.proto", "google/protobuf/empty.proto",
    "google/protobuf/wrappers.proto",
  ]
  p3.messageType = [all, node, message("Unordered", [field("z", 3, .int32), field("a", 1, .int32)])]

  var msg = message("Msg", [
    field("a", 1, .int32), field("b", 2, .string, .required), field("mygroup", 3, .group, typeName: ".p2.Msg.MyGroup"),
    field("r", 4, .int32, .repeated), field("kind", 5, .enum, typeName: ".p2.Kind"),
  ])
  msg.nestedType = [message("MyGroup", [field("x", 1, .int32)])]
  msg.extensionRange = [.with { $0.start = 100; $0.end = 200 }]
  var p2 = Google_Protobuf_FileDescriptorProto()
  p2.name = "p2/msg.proto"
  p2.package = "p2"
  p2.messageType = [msg]
  p2.enumType = [.with { $0.name = "Kind"; $0.value = [.with { $0.name = "ONE"; $0.number = 1 }] }]
  p2.extension = [
    field("ext_i", 100, .int32), field("ext_r", 101, .string, .repeated),
    field("ext_m", 102, .message, typeName: ".p2.Msg"),
  ].map { var f = $0; f.extendee = ".p2.Msg"; return f }
  return try! DescriptorPool(files: [p3, p2])
}()

private func new(_ name: String) -> DynamicMessage { DynamicMessage(testPool.message(named: name)!) }

private func json(_ m: DynamicMessage, _ options: DynamicProto.JSONEncodingOptions = .init()) throws -> String {
  try m.jsonString(options: options)
}

private func wkt(_ name: String, _ values: [String: ProtoValue]) -> DynamicMessage {
  var m = new("google.protobuf." + name)
  for (k, v) in values { m[k] = v }
  return m
}

private func expectError(
  _ m: DynamicMessage, path: String, contains text: String, code: ProtoError.Code = .invalidJSON,
  options: DynamicProto.JSONEncodingOptions = .init()
) {
  do {
    _ = try m.jsonUTF8(options: options)
    Issue.record("expected an error at \(path)")
  } catch let error as ProtoError {
    #expect(error.code == code)
    #expect(error.path == path)
    #expect(error.message.contains(text), "\(error.message)")
  } catch {
    Issue.record("unexpected error \(error)")
  }
}

@Suite struct JSONEncodingTests {
  @Test func emptyAndDefaults() throws {
    #expect(try json(new("t.All")) == "{}")
    let expected = #"{"i32":0,"i64":"0","u32":0,"u64":"0","s32":0,"s64":"0","f32":0,"f64":"0","sf32":0,"sf64":"0","#
      + #""flt":0,"dbl":0,"b":false,"str":"","byt":"","color":"COLOR_UNSPECIFIED","rI32":[],"rStr":[],"rNested":[],"#
      + #""rColor":[],"mStr":{},"mI64":{},"mBool":{},"mU32":{},"custom":"","nullVal":null}"#
    #expect(try json(new("t.All"), .init(emitDefaults: true)) == expected)
    // Zero values stored in implicit-presence fields are not printed.
    var m = new("t.All")
    m["i32"] = .int32(0)
    m["str"] = .string("")
    m["r_i32"] = .list([])
    #expect(try json(m) == "{}")
  }

  @Test func scalars() throws {
    var m = new("t.All")
    m["i32"] = .int32(-2_147_483_648)
    m["i64"] = .int64(.min)
    m["u32"] = .uint32(.max)
    m["u64"] = .uint64(.max)
    m["s32"] = .int32(-1)
    m["s64"] = .int64(9_007_199_254_740_993)
    m["f32"] = .uint32(7)
    m["f64"] = .uint64(8)
    m["sf32"] = .int32(-9)
    m["sf64"] = .int64(-10)
    m["flt"] = .float(0.1)
    m["dbl"] = .double(1e300)
    m["b"] = .bool(true)
    m["str"] = .string("a\"b\\c\n\t\u{1}\u{7f}é😀/")
    m["byt"] = .bytes([0xFF, 0x00, 0x01, 0xFE])
    m["color"] = .enumNumber(1)
    let expected = #"{"i32":-2147483648,"i64":"-9223372036854775808","u32":4294967295,"#
      + #""u64":"18446744073709551615","s32":-1,"s64":"9007199254740993","f32":7,"f64":"8","sf32":-9,"#
      + #""sf64":"-10","flt":0.1,"dbl":1e+300,"b":true,"str":"a\"b\\c\n\t\u0001\#u{7f}é😀/","byt":"/wAB/g==","#
      + #""color":"RED"}"#
    #expect(try json(m) == expected)
  }

  @Test func floatingPoint() throws {
    func text(_ v: ProtoValue, _ name: String) throws -> String {
      var m = new("t.All")
      m[name] = v
      let s = try json(m)
      return String(s.dropFirst(name.count + 4).dropLast())
    }
    #expect(try text(.float(0.1), "flt") == "0.1")
    #expect(try text(.float(3.4028235e38), "flt") == "3.4028235e+38")
    #expect(try text(.float(1e-5), "flt") == "1e-05")
    #expect(try text(.float(123456.79), "flt") == "123456.79")
    #expect(try text(.float(16_777_216), "flt") == "16777216")
    #expect(try text(.float(-0.0), "flt") == "-0.0")
    // The smallest subnormal: Python's ToShortestFloat keeps at least 6 digits.
    #expect(try text(.float(Float(bitPattern: 1)), "flt") == "1.4013e-45")
    #expect(try text(.float(.infinity), "flt") == #""Infinity""#)
    #expect(try text(.float(-.infinity), "flt") == #""-Infinity""#)
    #expect(try text(.float(.nan), "flt") == #""NaN""#)
    #expect(try text(.double(0.1), "dbl") == "0.1")
    #expect(try text(.double(1.5), "dbl") == "1.5")
    #expect(try text(.double(.leastNonzeroMagnitude), "dbl") == "5e-324")
    #expect(try text(.double(1e21), "dbl") == "1e+21")
    #expect(try text(.double(-.infinity), "dbl") == #""-Infinity""#)
    #expect(try text(.double(.nan), "dbl") == #""NaN""#)
    #expect(try text(.float(1_073_741_952), "flt") == "1.073742e+09")
    // Python's ToShortestFloat: the first of 6, 7, ... significant digits (correctly rounded from the double) that
    // reads back as the same float. Our text must be that number.
    func python(_ x: Float) -> Double {
      for p in 6...17 {
        let d = Double(String(format: "%.\(p)g", Double(x)))!
        if Float(d) == x { return d }
      }
      return .nan
    }
    for bits in stride(from: UInt32(1), to: 0xFF80_0000, by: 0x0001_2345) where bits & 0x7FFF_FFFF < 0x7F80_0000 {
      let f = Float(bitPattern: bits)
      let s = try text(.float(f), "flt")
      #expect(Double(s)! == python(f), "\(s)")
    }
  }

  @Test func repeatedMapsAndEnums() throws {
    var m = new("t.All")
    var nested = new("t.All.Nested")
    nested["a"] = .int32(1)
    nested["b_c"] = .string("x")
    m["r_i32"] = .list([.int32(1), .int32(-2)])
    m["r_str"] = .list([.string("a"), .string("")])
    m["r_nested"] = .list([.message(nested), .message(new("t.All.Nested"))])
    m["r_color"] = .list([.enumNumber(1), .enumNumber(7), .enumNumber(0)])
    m["m_str"] = .map([.string("b"): .int32(2), .string("a"): .int32(0), .string("\""): .int32(1)])
    m["m_i64"] = .map([.int64(10): .string("ten"), .int64(-5): .string("neg"), .int64(2): .string("two")])
    m["m_bool"] = .map([.bool(true): .message(nested), .bool(false): .message(new("t.All.Nested"))])
    m["m_u32"] = .map([.uint32(3): .enumNumber(1), .uint32(1): .enumNumber(9)])
    let expected = #"{"rI32":[1,-2],"rStr":["a",""],"rNested":[{"a":1,"bC":"x"},{}],"#
      + #""rColor":["RED",7,"COLOR_UNSPECIFIED"],"mStr":{"\"":1,"a":0,"b":2},"#
      + #""mI64":{"-5":"neg","2":"two","10":"ten"},"mBool":{"false":{},"true":{"a":1,"bC":"x"}},"#
      + #""mU32":{"1":9,"3":"RED"}}"#
    #expect(try json(m) == expected)
  }

  @Test func oneofOptionalNamesAndOrder() throws {
    var m = new("t.All")
    m["o_int"] = .int32(0)
    m["opt_i32"] = .int32(0)
    m["json_named"] = .string("j")
    m["r_i32"] = .list([.int32(3)])
    #expect(try json(m) == #"{"rI32":[3],"oInt":0,"optI32":0,"custom":"j"}"#)
    #expect(try json(m, .init(useProtoNames: true)) == #"{"r_i32":[3],"o_int":0,"opt_i32":0,"json_named":"j"}"#)
    m["o_msg"] = .message(new("t.All.Nested"))
    #expect(try json(m) == #"{"rI32":[3],"oMsg":{},"optI32":0,"custom":"j"}"#)
    var u = new("t.Unordered")
    u["z"] = .int32(3)
    u["a"] = .int32(1)
    #expect(try json(u) == #"{"a":1,"z":3}"#)
  }

  @Test func prettyPrinting() throws {
    var m = new("t.All")
    var nested = new("t.All.Nested")
    nested["a"] = .int32(1)
    m["i32"] = .int32(1)
    m["nested"] = .message(nested)
    m["r_i32"] = .list([.int32(1), .int32(2)])
    m["r_str"] = .list([])
    m["o_msg"] = .message(new("t.All.Nested"))
    m["st"] = .message(wkt("Struct", [:]))
    let expected = """
      {
        "i32": 1,
        "nested": {
          "a": 1
        },
        "rI32": [
          1,
          2
        ],
        "oMsg": {},
        "st": {}
      }
      """
    #expect(try json(m, .init(indent: 2)) == expected)
    #expect(try json(new("t.All"), .init(indent: 2)) == "{}")
  }

  @Test func timestampAndDuration() throws {
    func ts(_ s: Int64, _ n: Int32) throws -> String {
      try json(wkt("Timestamp", ["seconds": .int64(s), "nanos": .int32(n)]))
    }
    #expect(try json(new("google.protobuf.Timestamp")) == #""1970-01-01T00:00:00Z""#)
    #expect(try ts(1, 500_000_000) == #""1970-01-01T00:00:01.500Z""#)
    #expect(try ts(-1, 1000) == #""1969-12-31T23:59:59.000001Z""#)
    #expect(try ts(951_782_400, 1) == #""2000-02-29T00:00:00.000000001Z""#)
    #expect(try ts(-62_135_596_800, 0) == #""0001-01-01T00:00:00Z""#)
    #expect(try ts(253_402_300_799, 999_999_999) == #""9999-12-31T23:59:59.999999999Z""#)
    #expect(try ts(1_700_000_000, 120_000_000) == #""2023-11-14T22:13:20.120Z""#)
    func dur(_ s: Int64, _ n: Int32) throws -> String {
      try json(wkt("Duration", ["seconds": .int64(s), "nanos": .int32(n)]))
    }
    #expect(try dur(0, 0) == #""0s""#)
    #expect(try dur(1, 500_000_000) == #""1.500s""#)
    #expect(try dur(-1, -500_000_000) == #""-1.500s""#)
    #expect(try dur(0, -1000) == #""-0.000001s""#)
    #expect(try dur(315_576_000_000, 0) == #""315576000000s""#)
    #expect(try dur(-315_576_000_000, -999_999_999) == #""-315576000000.999999999s""#)
    var m = new("t.All")
    m["ts"] = .message(wkt("Timestamp", ["seconds": .int64(253_402_300_800)]))
    expectError(m, path: "$.ts", contains: "253402300800")
    m["ts"] = .message(wkt("Timestamp", ["nanos": .int32(-1)]))
    expectError(m, path: "$.ts", contains: "Nanos")
    m["ts"] = nil
    m["dur"] = .message(wkt("Duration", ["seconds": .int64(1), "nanos": .int32(-1)]))
    expectError(m, path: "$.dur", contains: "Sign mismatch")
    m["dur"] = .message(wkt("Duration", ["seconds": .int64(315_576_000_001)]))
    expectError(m, path: "$.dur", contains: "315576000001")
    m["dur"] = .message(wkt("Duration", ["nanos": .int32(1_000_000_000)]))
    expectError(m, path: "$.dur", contains: "Nanos")
  }

  @Test func fieldMask() throws {
    let paths: ProtoValue = .list([.string("foo_bar"), .string("baz.qux_quux"), .string("a1")])
    #expect(try json(wkt("FieldMask", ["paths": paths])) == #""fooBar,baz.quxQuux,a1""#)
    #expect(try json(new("google.protobuf.FieldMask")) == #""""#)
    for bad in ["fooBar", "foo_1", "foo_", "foo__bar"] {
      var m = new("t.All")
      m["fm"] = .message(wkt("FieldMask", ["paths": .list([.string(bad)])]))
      expectError(m, path: "$.fm", contains: bad)
    }
  }

  @Test func structValueAndListValue() throws {
    func value(_ kind: String, _ v: ProtoValue) -> ProtoValue { .message(wkt("Value", [kind: v])) }
    let inner = wkt("Struct", ["fields": .map([.string("d"): value("string_value", .string("x"))])])
    let list = wkt("ListValue", ["values": .list([value("bool_value", .bool(true)), value("null_value", .enumNumber(0)),
      .message(new("google.protobuf.Value"))])])
    let s = wkt("Struct", ["fields": .map([
      .string("b"): value("list_value", .message(list)), .string("a"): value("number_value", .double(1.5)),
      .string("c"): value("struct_value", .message(inner)), .string("e"): value("number_value", .double(0)),
    ])])
    #expect(try json(s) == #"{"a":1.5,"b":[true,null,null],"c":{"d":"x"},"e":0}"#)
    #expect(try json(list) == "[true,null,null]")
    #expect(try json(new("google.protobuf.Value")) == "null")
    #expect(try json(new("google.protobuf.ListValue")) == "[]")
    #expect(try json(new("google.protobuf.Struct"), .init(emitDefaults: true)) == "{}")
    var m = new("t.All")
    m["st"] = .message(wkt("Struct", ["fields": .map([.string("k"): value("number_value", .double(.nan))])]))
    expectError(m, path: #"$.st["k"]"#, contains: "NaN")
    m["st"] = nil
    m["val"] = value("number_value", .double(-.infinity))
    expectError(m, path: "$.val", contains: "Infinity")
  }

  @Test func wrappersEmptyAndNull() throws {
    var m = new("t.All")
    m["w_dbl"] = .message(wkt("DoubleValue", ["value": .double(2.5)]))
    m["w_flt"] = .message(wkt("FloatValue", ["value": .float(.infinity)]))
    m["w_i64"] = .message(wkt("Int64Value", ["value": .int64(-5)]))
    m["w_u64"] = .message(wkt("UInt64Value", [:]))
    m["w_i32"] = .message(wkt("Int32Value", ["value": .int32(7)]))
    m["w_u32"] = .message(wkt("UInt32Value", ["value": .uint32(8)]))
    m["w_bool"] = .message(wkt("BoolValue", [:]))
    m["w_str"] = .message(wkt("StringValue", ["value": .string("s")]))
    m["w_byt"] = .message(wkt("BytesValue", ["value": .bytes([1, 2])]))
    m["empty"] = .message(new("google.protobuf.Empty"))
    m["null_val"] = .enumNumber(0)
    let expected = #"{"empty":{},"wDbl":2.5,"wFlt":"Infinity","wI64":"-5","wU64":"0","wI32":7,"wU32":8,"#
      + #""wBool":false,"wStr":"s","wByt":"AQI="}"#
    #expect(try json(m) == expected)
    #expect(try json(wkt("Int64Value", ["value": .int64(1)])) == #""1""#)
  }

  private func any(_ payload: DynamicMessage, url: String? = nil) -> DynamicMessage {
    wkt("Any", [
      "type_url": .string(url ?? "type.googleapis.com/" + payload.descriptor.fullName),
      "value": .bytes(payload.serializedBytes()),
    ])
  }

  @Test func anyPayloads() throws {
    var nested = new("t.All.Nested")
    nested["a"] = .int32(1)
    #expect(try json(any(nested)) == #"{"@type":"type.googleapis.com/t.All.Nested","a":1}"#)
    #expect(try json(any(nested), .init(emitDefaults: true))
      == #"{"@type":"type.googleapis.com/t.All.Nested","a":1,"bC":""}"#)
    let ts = wkt("Timestamp", ["seconds": .int64(1)])
    #expect(try json(any(ts, url: "x/y/google.protobuf.Timestamp"))
      == #"{"@type":"x/y/google.protobuf.Timestamp","value":"1970-01-01T00:00:01Z"}"#)
    #expect(try json(any(wkt("Int32Value", [:])))
      == #"{"@type":"type.googleapis.com/google.protobuf.Int32Value","value":0}"#)
    #expect(try json(any(new("google.protobuf.Empty")))
      == #"{"@type":"type.googleapis.com/google.protobuf.Empty"}"#)
    #expect(try json(any(any(nested))) == #"{"@type":"type.googleapis.com/google.protobuf.Any","#
      + #""value":{"@type":"type.googleapis.com/t.All.Nested","a":1}}"#)
    #expect(try json(new("google.protobuf.Any")) == "{}")
    #expect(try json(any(nested), .init(indent: 2)) == """
      {
        "@type": "type.googleapis.com/t.All.Nested",
        "a": 1
      }
      """)
    var m = new("t.All")
    m["any"] = .message(any(nested, url: "type.googleapis.com/t.Missing"))
    expectError(m, path: "$.any", contains: "type.googleapis.com/t.Missing")
    m["any"] = .message(wkt("Any", ["value": .bytes([8, 1])]))
    expectError(m, path: "$.any", contains: "type URL")
    var bad = any(nested)
    bad["value"] = .bytes([0x0A])
    m["any"] = .message(bad)
    expectError(m, path: "$.any", contains: "t.All.Nested", code: .invalidBinary)
    m["any"] = .message(any(wkt("Duration", ["seconds": .int64(1), "nanos": .int32(-1)])))
    expectError(m, path: "$.any.value", contains: "Sign mismatch")
  }

  @Test func proto2GroupsAndExtensions() throws {
    var m = new("p2.Msg")
    #expect(try json(m, .init(emitDefaults: true)) == #"{"r":[]}"#)
    m["a"] = .int32(0)
    var group = new("p2.Msg.MyGroup")
    group["x"] = .int32(1)
    m["mygroup"] = .message(group)
    m["kind"] = .enumNumber(1)
    m[testPool.extensionField(named: "p2.ext_m")!] = .message(new("p2.Msg"))
    m[testPool.extensionField(named: "p2.ext_i")!] = .int32(5)
    m[testPool.extensionField(named: "p2.ext_r")!] = .list([.string("x")])
    let expected = #"{"a":0,"mygroup":{"x":1},"kind":"ONE","[p2.ext_i]":5,"[p2.ext_r]":["x"],"[p2.ext_m]":{}}"#
    #expect(try json(m) == expected)
    #expect(try json(m, .init(useProtoNames: true)) == expected)
    m["kind"] = .enumNumber(7)
    expectError(m, path: "$.kind", contains: "closed enum")
  }

  @Test func depthLimitAndErrorPaths() throws {
    var node = new("t.Node")
    for _ in 0..<20 {
      var parent = new("t.Node")
      parent["child"] = .message(node)
      node = parent
    }
    #expect(try json(node, .init(maxDepth: 21)).hasPrefix(#"{"child":{"child":"#))
    expectError(
      node, path: "$" + String(repeating: ".child", count: 20), contains: "depth", code: .limitExceeded,
      options: .init(maxDepth: 20))
    var leaf = new("t.Node")
    leaf["when"] = .message(wkt("Timestamp", ["nanos": .int32(-5)]))
    var mid = new("t.Node")
    mid["named"] = .map([.string("x"): .message(leaf)])
    var top = new("t.Node")
    top["kids"] = .list([.message(new("t.Node")), .message(mid)])
    expectError(top, path: #"$.kids[1].named["x"].when"#, contains: "Nanos")
  }
}

/// `JSON_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter JSONEncodingBench`: the dynamic encoder
/// against swift-protobuf's generated code on the same messages.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["JSON_BENCH"] != nil))
struct JSONEncodingBench {
  /// Best time per call over interleaved rounds (so both sides see the same machine load).
  private func compare<M: SwiftProtobuf.Message>(_ name: String, _ generated: M, iterations: Int) throws {
    let bytes: [UInt8] = try generated.serializedBytes()
    let dynamic = try DynamicMessage(DescriptorPool.builtins.message(named: M.protoMessageName)!, binary: bytes)
    var sink = 0
    var best = (Double.infinity, Double.infinity)
    for _ in 0..<15 {
      var start = ContinuousClock.now
      for _ in 0..<iterations { sink &+= try dynamic.jsonUTF8().count }
      best.0 = min(best.0, (ContinuousClock.now - start) / .seconds(1))
      start = ContinuousClock.now
      for _ in 0..<iterations {
        let out: [UInt8] = try generated.jsonUTF8Bytes()
        sink &+= out.count
      }
      best.1 = min(best.1, (ContinuousClock.now - start) / .seconds(1))
    }
    let perCall = (Int(best.0 * 1e9) / iterations, Int(best.1 * 1e9) / iterations)
    print("\(name): dynamic \(perCall.0) ns, generated \(perCall.1) ns, ratio \(best.0 / best.1) (\(sink % 7))")
  }

  @Test func descriptorSet() throws {
    let files = DescriptorPool.builtins.fileDescriptorSet
    for file in files.file where file.name == "google/protobuf/descriptor.proto" {
      try compare("descriptor.proto", file, iterations: 30)
    }
    var numbers = Google_Protobuf_ListValue()
    for i in 0..<2000 { numbers.values.append(.init(numberValue: Double(i) * 1.25)) }
    try compare("ListValue", numbers, iterations: 30)
    var s = Google_Protobuf_Struct()
    for i in 0..<500 { s.fields["key\(i)"] = .init(stringValue: "value \(i)") }
    try compare("Struct", s, iterations: 30)
  }
}
