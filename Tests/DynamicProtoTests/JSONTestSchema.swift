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
