import SwiftProtobuf

/// A field of a message, or an extension.
public struct FieldDescriptor: Sendable, Hashable, CustomStringConvertible {
  let pool: PoolStorage
  let info: FieldInfo

  public static func == (a: Self, b: Self) -> Bool { a.info === b.info }
  public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(info)) }

  public var name: String { info.name }
  /// `package.Message.field`, or the extension's fully-qualified name.
  public var fullName: String { info.fullName }
  public var description: String { fullName }
  public var number: Int32 { info.number }
  /// The JSON name: `json_name` from the descriptor, or protoc's default derived from the field name.
  public var jsonName: String { info.jsonName }
  public var type: FieldType { info.type }
  public var label: FieldLabel { info.label }
  public var isRepeated: Bool { info.label == .repeated }
  public var isRequired: Bool { info.label == .required }
  /// Whether this is a `map<K, V>` field (repeated entries of a map-entry message).
  public var isMap: Bool { info.isMap }
  /// Whether repeated values are written packed.
  public var isPacked: Bool { info.isPacked }
  /// Whether the field tracks presence (messages, oneof members, proto2 and proto3 `optional` fields).
  public var hasPresence: Bool { info.hasPresence }
  /// Whether this is a proto3 `optional` field.
  public var isProto3Optional: Bool { info.isProto3Optional }
  public var isExtension: Bool { info.isExtension }
  /// The message or group type of a message, group or map field.
  public var messageType: MessageDescriptor? {
    info.messageIndex >= 0 ? MessageDescriptor(pool: pool, index: info.messageIndex) : nil
  }
  public var enumType: EnumDescriptor? { info.enumIndex >= 0 ? EnumDescriptor(pool: pool, index: info.enumIndex) : nil }
  /// For a field, the message declaring it; for an extension, the message it extends.
  public var containingType: MessageDescriptor { MessageDescriptor(pool: pool, index: info.containingIndex) }
  /// For an extension declared inside a message, that message.
  public var extensionScope: MessageDescriptor? {
    info.extensionScopeIndex >= 0 ? MessageDescriptor(pool: pool, index: info.extensionScopeIndex) : nil
  }
  /// The real (non-synthetic) oneof this field belongs to.
  public var containingOneof: OneofDescriptor? {
    info.oneofIndex >= 0 ? OneofDescriptor(message: containingType, index: info.oneofIndex) : nil
  }
  /// For a map field, the key and value fields of its entry type.
  public var mapKey: FieldDescriptor? { isMap ? messageType?.field(number: 1) : nil }
  public var mapValue: FieldDescriptor? { isMap ? messageType?.field(number: 2) : nil }
  /// The proto2 `default` as written in the descriptor, if any.
  public var defaultValueText: String? { info.proto.hasDefaultValue ? info.proto.defaultValue : nil }
  /// The raw descriptor.
  public var proto: Google_Protobuf_FieldDescriptorProto { info.proto }
  /// The file declaring this field.
  public var file: FileDescriptor { FileDescriptor(pool: pool, index: info.fileIndex) }
}
