/// The value of one field of a ``DynamicMessage``.
///
/// Signed 32-bit types (`int32`, `sint32`, `sfixed32`) are all `.int32`, and likewise for the other widths; enums
/// keep their number (unknown numbers of open enums included); repeated fields are `.list`, map fields `.map`.
public enum ProtoValue: Sendable, Equatable {
  case int32(Int32)
  case int64(Int64)
  case uint32(UInt32)
  case uint64(UInt64)
  case float(Float)
  case double(Double)
  case bool(Bool)
  case string(String)
  case bytes([UInt8])
  case enumNumber(Int32)
  indirect case message(DynamicMessage)
  case list([ProtoValue])
  case map([MapKey: ProtoValue])

  /// The zero value of a field's type (ignoring proto2 `default`), or an empty list / map for repeated fields.
  static func zero(for field: FieldInfo, pool: PoolStorage) -> ProtoValue {
    if field.isMap { return .map([:]) }
    if field.label == .repeated { return .list([]) }
    return scalarZero(for: field, pool: pool)
  }

  /// The zero value of one element of a field.
  static func scalarZero(for field: FieldInfo, pool: PoolStorage) -> ProtoValue {
    switch field.type {
    case .int32, .sint32, .sfixed32: .int32(0)
    case .int64, .sint64, .sfixed64: .int64(0)
    case .uint32, .fixed32: .uint32(0)
    case .uint64, .fixed64: .uint64(0)
    case .float: .float(0)
    case .double: .double(0)
    case .bool: .bool(false)
    case .string: .string("")
    case .bytes: .bytes([])
    case .enum: .enumNumber(field.enumIndex >= 0 ? pool.enums[field.enumIndex].defaultNumber : 0)
    case .message, .group: .message(DynamicMessage(MessageDescriptor(pool: pool, index: field.messageIndex)))
    }
  }

  /// Whether this is the zero value of its kind: what an implicit-presence (proto3) field does not serialize.
  var isZero: Bool {
    switch self {
    case .int32(let v): v == 0
    case .int64(let v): v == 0
    case .uint32(let v): v == 0
    case .uint64(let v): v == 0
    case .float(let v): v.bitPattern == 0
    case .double(let v): v.bitPattern == 0
    case .bool(let v): !v
    case .string(let v): v.isEmpty
    case .bytes(let v): v.isEmpty
    case .enumNumber(let v): v == 0
    case .message: false
    case .list(let v): v.isEmpty
    case .map(let v): v.isEmpty
    }
  }

  /// The nested message, if this is a message value.
  public var messageValue: DynamicMessage? {
    if case .message(let m) = self { return m }
    return nil
  }
}

/// The key of one map entry. Keys are integers, booleans or strings, as the protobuf spec allows.
public enum MapKey: Sendable, Hashable, Comparable {
  case int32(Int32)
  case int64(Int64)
  case uint32(UInt32)
  case uint64(UInt64)
  case bool(Bool)
  case string(String)

  /// The key as a ``ProtoValue`` of the same kind.
  public var value: ProtoValue {
    switch self {
    case .int32(let v): .int32(v)
    case .int64(let v): .int64(v)
    case .uint32(let v): .uint32(v)
    case .uint64(let v): .uint64(v)
    case .bool(let v): .bool(v)
    case .string(let v): .string(v)
    }
  }

  /// The key for a value of a map's key field; nil for kinds that cannot be keys.
  public init?(_ value: ProtoValue) {
    switch value {
    case .int32(let v): self = .int32(v)
    case .int64(let v): self = .int64(v)
    case .uint32(let v): self = .uint32(v)
    case .uint64(let v): self = .uint64(v)
    case .bool(let v): self = .bool(v)
    case .string(let v): self = .string(v)
    default: return nil
    }
  }

  public static func < (a: MapKey, b: MapKey) -> Bool {
    switch (a, b) {
    case (.int32(let x), .int32(let y)): x < y
    case (.int64(let x), .int64(let y)): x < y
    case (.uint32(let x), .uint32(let y)): x < y
    case (.uint64(let x), .uint64(let y)): x < y
    case (.bool(let x), .bool(let y)): !x && y
    case (.string(let x), .string(let y)): x < y
    default: a.rank < b.rank
    }
  }

  private var rank: Int {
    switch self {
    case .int32: 0
    case .int64: 1
    case .uint32: 2
    case .uint64: 3
    case .bool: 4
    case .string: 5
    }
  }

  /// The key's text as used for a JSON object key.
  public var jsonKey: String {
    switch self {
    case .int32(let v): String(v)
    case .int64(let v): String(v)
    case .uint32(let v): String(v)
    case .uint64(let v): String(v)
    case .bool(let v): v ? "true" : "false"
    case .string(let v): v
    }
  }
}
