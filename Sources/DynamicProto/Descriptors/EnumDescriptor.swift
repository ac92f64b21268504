import SwiftProtobuf

/// An enum type in a ``DescriptorPool``.
public struct EnumDescriptor: Sendable, Hashable, CustomStringConvertible {
  let pool: PoolStorage
  let index: Int
  var info: EnumInfo { pool.enums[index] }

  public static func == (a: Self, b: Self) -> Bool { a.pool === b.pool && a.index == b.index }
  public func hash(into hasher: inout Hasher) { hasher.combine(index); hasher.combine(ObjectIdentifier(pool)) }

  public var fullName: String { info.fullName }
  /// The pool this descriptor belongs to.
  public var descriptorPool: DescriptorPool { DescriptorPool(storage: pool) }
  public var name: String { info.proto.name }
  public var description: String { fullName }
  public var proto: Google_Protobuf_EnumDescriptorProto { info.proto }
  public var file: FileDescriptor { FileDescriptor(pool: pool, index: info.fileIndex) }
  public var containingType: MessageDescriptor? {
    info.parentIndex >= 0 ? MessageDescriptor(pool: pool, index: info.parentIndex) : nil
  }
  /// Closed enums (proto2) keep unknown numbers out of the field, in unknown fields.
  public var isClosed: Bool { info.isClosed }
  public var values: [EnumValueDescriptor] {
    info.proto.value.indices.map { EnumValueDescriptor(enumType: self, index: $0) }
  }
  /// The first name declared for a number.
  public func name(of number: Int32) -> String? { info.nameByNumber[number] }
  public func number(of name: String) -> Int32? { info.numberByName[name] }
}

/// One value of an enum.
public struct EnumValueDescriptor: Sendable, Hashable {
  public let enumType: EnumDescriptor
  public let index: Int
  public var name: String { enumType.info.proto.value[index].name }
  public var number: Int32 { enumType.info.proto.value[index].number }
  public var fullName: String {
    let parent = enumType.fullName.split(separator: ".").dropLast().joined(separator: ".")
    return parent.isEmpty ? name : parent + "." + name
  }
}
