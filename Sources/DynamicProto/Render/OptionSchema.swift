/// How to read one options message (or a message inside an option value) off the wire: field names and types come
/// from the pool's copy of `descriptor.proto` and the custom-option extensions in the pool, with a small built-in
/// table for option fields newer than the pool's `descriptor.proto` (editions `features`, `retention`, ...).
struct OptionSchema {
  let pool: PoolStorage
  /// The message in the pool, or -1 when the pool does not define it.
  let messageIndex: Int
  let fallback: [Int32: OptionFieldSpec]

  init(pool: PoolStorage, fullName: String) {
    self.pool = pool
    if case .message(let index)? = pool.symbols[fullName] { messageIndex = index } else { messageIndex = -1 }
    fallback = OptionFallback.fields[fullName] ?? [:]
  }

  init(pool: PoolStorage, messageIndex: Int) {
    self.pool = pool
    self.messageIndex = messageIndex
    fallback = OptionFallback.fields[pool.messages[messageIndex].fullName] ?? [:]
  }

  /// The field or extension with this number, if known.
  func field(_ number: Int32) -> OptionFieldSpec? {
    if messageIndex >= 0 {
      let message = pool.messages[messageIndex]
      if let i = message.fieldIndex(number: number) { return spec(for: message.fields[i]) }
      if let x = pool.extensionsByMessage[messageIndex]?[number] { return spec(for: pool.extensions[x]) }
    }
    return fallback[number]
  }

  private func spec(for field: FieldInfo) -> OptionFieldSpec {
    let kind: OptionFieldSpec.Kind
    var textName = field.name
    if field.messageIndex >= 0 {
      kind = .message(.pool(field.messageIndex))
      if field.type == .group { textName = pool.messages[field.messageIndex].proto.name }
    } else if field.enumIndex >= 0 {
      kind = .enumeration(pool.enums[field.enumIndex].nameByNumber)
    } else {
      kind = .scalar(field.type)
    }
    return OptionFieldSpec(
      name: field.name, textName: textName, extensionName: field.isExtension ? field.fullName : nil, type: field.type,
      kind: kind, isRepeated: field.label == .repeated)
  }

  /// The schema of a message-typed field's value.
  func schema(of ref: OptionFieldSpec.MessageRef) -> OptionSchema {
    switch ref {
    case .pool(let index): OptionSchema(pool: pool, messageIndex: index)
    case .named(let fullName): OptionSchema(pool: pool, fullName: fullName)
    }
  }
}

/// One field an option value may set.
struct OptionFieldSpec: Sendable {
  enum MessageRef: Sendable {
    case pool(Int)
    case named(String)
  }
  enum Kind: Sendable {
    case scalar(FieldType)
    case enumeration([Int32: String])
    case message(MessageRef)
  }
  /// The field name as used in an `option name = ...` statement.
  let name: String
  /// The name inside a text-format aggregate (the type name for groups).
  let textName: String
  /// For an extension (a custom option), its fully-qualified name.
  let extensionName: String?
  let type: FieldType
  let kind: Kind
  var isRepeated = false
}

/// Option fields of recent `descriptor.proto` versions, for pools whose `descriptor.proto` predates them.
enum OptionFallback {
  private static func enumField(_ name: String, _ values: [Int32: String]) -> OptionFieldSpec {
    OptionFieldSpec(
      name: name, textName: name, extensionName: nil, type: .enum, kind: .enumeration(values),
      isRepeated: name == "targets")
  }

  private static func boolField(_ name: String) -> OptionFieldSpec {
    OptionFieldSpec(name: name, textName: name, extensionName: nil, type: .bool, kind: .scalar(.bool))
  }

  private static let features = OptionFieldSpec(
    name: "features", textName: "features", extensionName: nil, type: .message,
    kind: .message(.named("google.protobuf.FeatureSet")))

  static let fields: [String: [Int32: OptionFieldSpec]] = [
    "google.protobuf.FileOptions": [50: features],
    "google.protobuf.MessageOptions": [11: boolField("deprecated_legacy_json_field_conflicts"), 12: features],
    "google.protobuf.FieldOptions": [
      16: boolField("debug_redact"),
      17: enumField("retention", [0: "RETENTION_UNKNOWN", 1: "RETENTION_RUNTIME", 2: "RETENTION_SOURCE"]),
      19: enumField(
        "targets",
        [
          0: "TARGET_TYPE_UNKNOWN", 1: "TARGET_TYPE_FILE", 2: "TARGET_TYPE_EXTENSION_RANGE", 3: "TARGET_TYPE_MESSAGE",
          4: "TARGET_TYPE_FIELD", 5: "TARGET_TYPE_ONEOF", 6: "TARGET_TYPE_ENUM", 7: "TARGET_TYPE_ENUM_ENTRY",
          8: "TARGET_TYPE_SERVICE", 9: "TARGET_TYPE_METHOD",
        ]),
      21: features,
    ],
    "google.protobuf.OneofOptions": [1: features],
    "google.protobuf.EnumOptions": [6: boolField("deprecated_legacy_json_field_conflicts"), 7: features],
    "google.protobuf.EnumValueOptions": [2: features, 3: boolField("debug_redact")],
    "google.protobuf.ServiceOptions": [34: features],
    "google.protobuf.MethodOptions": [35: features],
    "google.protobuf.ExtensionRangeOptions": [
      3: enumField("verification", [0: "DECLARATION", 1: "UNVERIFIED"]), 50: features,
    ],
    "google.protobuf.FeatureSet": [
      1: enumField("field_presence", [0: "FIELD_PRESENCE_UNKNOWN", 1: "EXPLICIT", 2: "IMPLICIT", 3: "LEGACY_REQUIRED"]),
      2: enumField("enum_type", [0: "ENUM_TYPE_UNKNOWN", 1: "OPEN", 2: "CLOSED"]),
      3: enumField("repeated_field_encoding", [0: "REPEATED_FIELD_ENCODING_UNKNOWN", 1: "PACKED", 2: "EXPANDED"]),
      4: enumField("utf8_validation", [0: "UTF8_VALIDATION_UNKNOWN", 2: "VERIFY", 3: "NONE"]),
      5: enumField("message_encoding", [0: "MESSAGE_ENCODING_UNKNOWN", 1: "LENGTH_PREFIXED", 2: "DELIMITED"]),
      6: enumField("json_format", [0: "JSON_FORMAT_UNKNOWN", 1: "ALLOW", 2: "LEGACY_BEST_EFFORT"]),
      7: enumField(
        "enforce_naming_style", [0: "ENFORCE_NAMING_STYLE_UNKNOWN", 1: "STYLE2024", 2: "STYLE_LEGACY", 3: "STYLE2026"]),
      8: enumField(
        "default_symbol_visibility",
        [0: "DEFAULT_SYMBOL_VISIBILITY_UNKNOWN", 1: "EXPORT_ALL", 2: "EXPORT_TOP_LEVEL", 3: "LOCAL_ALL", 4: "STRICT"]),
    ],
  ]
}
