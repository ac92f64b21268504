import SwiftProtobuf

/// A message type in a ``DescriptorPool``: its fields, oneofs, nested types and options.
///
/// A cheap value (the pool plus an index); it keeps its pool alive, so it stays valid however long it is held.
public struct MessageDescriptor: Sendable, Hashable, CustomStringConvertible {
  let pool: PoolStorage
  let index: Int
  var info: MessageInfo { pool.messages[index] }

  public static func == (a: Self, b: Self) -> Bool { a.pool === b.pool && a.index == b.index }
  public func hash(into hasher: inout Hasher) { hasher.combine(index); hasher.combine(ObjectIdentifier(pool)) }

  /// The fully-qualified name, without a leading dot (`api.users.GetUserRequest`).
  public var fullName: String { info.fullName }
  /// The short name (`GetUserRequest`).
  public var name: String { info.proto.name }
  public var description: String { fullName }
  /// The raw descriptor.
  public var proto: Google_Protobuf_DescriptorProto { info.proto }
  /// The file declaring this message.
  public var file: FileDescriptor { FileDescriptor(pool: pool, index: info.fileIndex) }
  /// The enclosing message for a nested type.
  public var containingType: MessageDescriptor? {
    info.parentIndex >= 0 ? MessageDescriptor(pool: pool, index: info.parentIndex) : nil
  }
  /// Fields in declaration order.
  public var fields: [FieldDescriptor] { info.fields.map { FieldDescriptor(pool: pool, info: $0) } }
  /// Oneofs in declaration order, including the synthetic oneofs of proto3 `optional` fields.
  public var oneofs: [OneofDescriptor] {
    info.proto.oneofDecl.indices.map { OneofDescriptor(message: self, index: $0) }
  }
  public var nestedTypes: [MessageDescriptor] { info.nestedMessageIndices.map { MessageDescriptor(pool: pool, index: $0) } }
  public var nestedEnums: [EnumDescriptor] { info.nestedEnumIndices.map { EnumDescriptor(pool: pool, index: $0) } }
  /// Whether this is the synthetic entry type of a `map<K, V>` field.
  public var isMapEntry: Bool { info.isMapEntry }
  /// Whether this is a well-known type with a special JSON form (Timestamp, Any, Struct, wrappers, ...).
  public var isWellKnownType: Bool { info.wellKnown != nil }

  public func field(named name: String) -> FieldDescriptor? {
    info.byName[name].map { FieldDescriptor(pool: pool, info: info.fields[$0]) }
  }
  public func field(jsonName: String) -> FieldDescriptor? {
    info.byJSONName[jsonName].map { FieldDescriptor(pool: pool, info: info.fields[$0]) }
  }
  public func field(number: Int32) -> FieldDescriptor? {
    info.fieldIndex(number: number).map { FieldDescriptor(pool: pool, info: info.fields[$0]) }
  }
  /// Extensions declared anywhere in the pool for this message.
  public var extensions: [FieldDescriptor] { DescriptorPool(storage: pool).extensions(of: self) }
  /// The pool this message belongs to.
  public var descriptorPool: DescriptorPool { DescriptorPool(storage: pool) }
}

extension DescriptorPool {
  init(storage: PoolStorage) { self.storage = storage }
}

/// A oneof of a message (a real one, or the synthetic one wrapping a proto3 `optional` field).
public struct OneofDescriptor: Sendable, Hashable {
  public let message: MessageDescriptor
  public let index: Int
  public var name: String { message.info.proto.oneofDecl[index].name }
  /// True for the oneof protoc synthesises around a proto3 `optional` field.
  public var isSynthetic: Bool { message.info.syntheticOneofs.contains(index) }
  public var fields: [FieldDescriptor] {
    message.info.oneofFields[index].map { FieldDescriptor(pool: message.pool, info: message.info.fields[$0]) }
  }
}
