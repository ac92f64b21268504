import SwiftProtobuf

/// The wire-level kind of a field, resolved from `FieldDescriptorProto.Type`.
public enum FieldType: Int, Sendable, Hashable, CaseIterable {
  case double = 1, float, int64, uint64, int32, fixed64, fixed32, bool, string, group, message, bytes, uint32, `enum`,
    sfixed32, sfixed64, sint32, sint64

  /// The keyword used in `.proto` source (`int32`, `string`, ...); nil for message, group and enum types.
  public var protoKeyword: String? {
    switch self {
    case .double: "double"
    case .float: "float"
    case .int64: "int64"
    case .uint64: "uint64"
    case .int32: "int32"
    case .fixed64: "fixed64"
    case .fixed32: "fixed32"
    case .bool: "bool"
    case .string: "string"
    case .bytes: "bytes"
    case .uint32: "uint32"
    case .sfixed32: "sfixed32"
    case .sfixed64: "sfixed64"
    case .sint32: "sint32"
    case .sint64: "sint64"
    case .group, .message, .enum: nil
    }
  }

  /// Whether values of this type may be packed in a repeated field.
  public var isPackable: Bool {
    switch self {
    case .string, .bytes, .message, .group: false
    default: true
    }
  }
}

/// Field cardinality as written in `.proto` source.
public enum FieldLabel: Sendable, Hashable {
  case optional, required, repeated
}

/// Immutable data of one field or extension. Holds only values and indices into the pool, never references to
/// other descriptors, so a pool never forms reference cycles.
final class FieldInfo: @unchecked Sendable {
  let proto: Google_Protobuf_FieldDescriptorProto
  let name: String
  let fullName: String
  let number: Int32
  let jsonName: String
  let type: FieldType
  let label: FieldLabel
  /// Index of the message type (message, group, map entry) in `PoolStorage.messages`, or -1.
  var messageIndex: Int = -1
  /// Index of the enum type in `PoolStorage.enums`, or -1.
  var enumIndex: Int = -1
  /// Index of the containing message; for an extension, the extended message.
  var containingIndex: Int = -1
  /// Index of the oneof in the containing message (real oneofs only, not proto3 `optional`), or -1.
  let oneofIndex: Int
  /// Index of the synthetic oneof of a proto3 `optional` field, or -1.
  let syntheticOneofIndex: Int
  /// The index of this field in its message's `fields`, or in `PoolStorage.extensions` for an extension.
  let index: Int
  let isExtension: Bool
  /// For extensions, the message index of the scope it was declared in (-1 at file level).
  let extensionScopeIndex: Int
  let fileIndex: Int
  var hasPresence = true
  var isPacked = false
  var isMap = false
  var isClosedEnum = false
  var validatesUTF8 = true
  var isDelimited = false
  var isProto3Optional: Bool { proto.proto3Optional }

  init(
    proto: Google_Protobuf_FieldDescriptorProto, fullName: String, type: FieldType, index: Int, oneofIndex: Int,
    syntheticOneofIndex: Int, isExtension: Bool, extensionScopeIndex: Int, fileIndex: Int
  ) {
    self.proto = proto
    self.name = proto.name
    self.fullName = fullName
    self.number = proto.number
    self.jsonName = proto.hasJsonName && !proto.jsonName.isEmpty ? proto.jsonName : JSONName.from(fieldName: proto.name)
    self.type = type
    switch proto.label {
    case .repeated: label = .repeated
    case .required: label = .required
    default: label = .optional
    }
    self.index = index
    self.oneofIndex = oneofIndex
    self.syntheticOneofIndex = syntheticOneofIndex
    self.isExtension = isExtension
    self.extensionScopeIndex = extensionScopeIndex
    self.fileIndex = fileIndex
  }
}

/// Immutable data of one message type.
final class MessageInfo: @unchecked Sendable {
  let proto: Google_Protobuf_DescriptorProto
  let fullName: String
  let fileIndex: Int
  /// Index of the enclosing message, or -1 for a top-level message.
  let parentIndex: Int
  var fields: [FieldInfo] = []
  /// Field indices sorted by field number: the order fields are serialized in.
  var numberOrder: [Int] = []
  /// Field index by field number, dense for small numbers.
  var denseByNumber: [Int32] = []
  var sparseByNumber: [Int32: Int] = [:]
  /// Field index by proto name and by JSON name.
  var byName: [String: Int] = [:]
  var byJSONName: [String: Int] = [:]
  var nestedMessageIndices: [Int] = []
  var nestedEnumIndices: [Int] = []
  var isMapEntry: Bool { proto.options.mapEntry }
  /// Names of the oneofs declared, synthetic ones included.
  var oneofNames: [String] { proto.oneofDecl.map(\.name) }
  /// For each oneof (by declaration index), the indices of its fields.
  var oneofFields: [[Int]] = []
  var syntheticOneofs: Set<Int> = []
  /// Well-known type handled specially in JSON, resolved from the full name.
  var wellKnown: WellKnownType?

  init(proto: Google_Protobuf_DescriptorProto, fullName: String, fileIndex: Int, parentIndex: Int) {
    self.proto = proto
    self.fullName = fullName
    self.fileIndex = fileIndex
    self.parentIndex = parentIndex
  }

  @inline(__always) func fieldIndex(number: Int32) -> Int? {
    if number >= 0 && Int(number) < denseByNumber.count {
      let i = denseByNumber[Int(number)]
      return i < 0 ? nil : Int(i)
    }
    return sparseByNumber[number]
  }
}

/// Immutable data of one enum type.
final class EnumInfo: @unchecked Sendable {
  let proto: Google_Protobuf_EnumDescriptorProto
  let fullName: String
  let fileIndex: Int
  let parentIndex: Int
  /// The first name declared for each number (aliases share a number).
  var nameByNumber: [Int32: String] = [:]
  var numberByName: [String: Int32] = [:]
  var isClosed = false

  init(proto: Google_Protobuf_EnumDescriptorProto, fullName: String, fileIndex: Int, parentIndex: Int) {
    self.proto = proto
    self.fullName = fullName
    self.fileIndex = fileIndex
    self.parentIndex = parentIndex
    for value in proto.value {
      if nameByNumber[value.number] == nil { nameByNumber[value.number] = value.name }
      numberByName[value.name] = value.number
    }
  }

  /// The number of the first declared value: the enum's default.
  var defaultNumber: Int32 { proto.value.first?.number ?? 0 }
}

/// Immutable data of one service.
final class ServiceInfo: @unchecked Sendable {
  let proto: Google_Protobuf_ServiceDescriptorProto
  let fullName: String
  let fileIndex: Int
  var inputIndices: [Int] = []
  var outputIndices: [Int] = []

  init(proto: Google_Protobuf_ServiceDescriptorProto, fullName: String, fileIndex: Int) {
    self.proto = proto
    self.fullName = fullName
    self.fileIndex = fileIndex
  }
}

/// Immutable data of one file.
final class FileInfo: @unchecked Sendable {
  let proto: Google_Protobuf_FileDescriptorProto
  let syntax: ProtoSyntax
  var messageIndices: [Int] = []
  var enumIndices: [Int] = []
  var serviceIndices: [Int] = []
  var extensionIndices: [Int] = []
  var dependencyIndices: [Int] = []

  init(proto: Google_Protobuf_FileDescriptorProto) {
    self.proto = proto
    switch proto.syntax {
    case "proto3": syntax = .proto3
    case "editions": syntax = .editions
    default: syntax = .proto2
    }
  }
}

/// The syntax a file was written in.
public enum ProtoSyntax: String, Sendable, Hashable {
  case proto2, proto3, editions
}

/// A symbol found by name in a pool.
enum SymbolRef: Sendable {
  case message(Int), enumType(Int), service(Int), method(service: Int, index: Int), field(message: Int, index: Int),
    enumValue(enum: Int, index: Int), extensionField(Int), oneof(message: Int, index: Int), package
}

/// Everything a pool knows, immutable once built and shared by every descriptor handle.
final class PoolStorage: @unchecked Sendable {
  var files: [FileInfo] = []
  var messages: [MessageInfo] = []
  var enums: [EnumInfo] = []
  var services: [ServiceInfo] = []
  var extensions: [FieldInfo] = []
  var symbols: [String: SymbolRef] = [:]
  var fileByName: [String: Int] = [:]
  /// Extension indices by extended message index, then by field number.
  var extensionsByMessage: [Int: [Int32: Int]] = [:]
  var extensionByName: [String: Int] = [:]
}
