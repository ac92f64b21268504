/// Options for reading ProtoJSON into a ``DynamicMessage``.
public struct JSONDecodingOptions: Sendable, Hashable {
  /// Skip object keys that name no field (and unknown enum names) instead of failing. Off by default.
  public var ignoreUnknownFields = false
  /// Maximum nesting of messages, lists and objects; deeper input is an error, never a stack overflow.
  public var maxDepth = 100
  /// Maximum size of the JSON text in bytes.
  public var maxInputBytes = 64 << 20

  public init(ignoreUnknownFields: Bool = false, maxDepth: Int = 100, maxInputBytes: Int = 64 << 20) {
    self.ignoreUnknownFields = ignoreUnknownFields
    self.maxDepth = maxDepth
    self.maxInputBytes = maxInputBytes
  }
}

/// Options for writing a ``DynamicMessage`` as ProtoJSON.
public struct JSONEncodingOptions: Sendable, Hashable {
  /// Also print fields without presence that hold their default (proto3 scalars, repeated and map fields), as
  /// protobuf's `always_print_fields_with_no_presence`.
  public var emitDefaults = false
  /// Use the `.proto` field names instead of their lowerCamelCase JSON names.
  public var useProtoNames = false
  /// Indent nested values by this many spaces; nil writes compact JSON on one line.
  public var indent: Int? = nil
  /// Maximum nesting depth.
  public var maxDepth = 100

  public init(emitDefaults: Bool = false, useProtoNames: Bool = false, indent: Int? = nil, maxDepth: Int = 100) {
    self.emitDefaults = emitDefaults
    self.useProtoNames = useProtoNames
    self.indent = indent
    self.maxDepth = maxDepth
  }
}

/// Options for reading the protobuf binary format into a ``DynamicMessage``.
public struct BinaryDecodingOptions: Sendable, Hashable {
  /// Maximum nesting of messages and groups (unknown groups included).
  public var maxDepth = 100
  /// Maximum size of the input in bytes.
  public var maxMessageBytes = 64 << 20
  /// Drop fields the descriptor does not know instead of keeping their bytes.
  public var discardUnknownFields = false

  public init(maxDepth: Int = 100, maxMessageBytes: Int = 64 << 20, discardUnknownFields: Bool = false) {
    self.maxDepth = maxDepth
    self.maxMessageBytes = maxMessageBytes
    self.discardUnknownFields = discardUnknownFields
  }
}
