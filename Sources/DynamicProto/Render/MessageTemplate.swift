/// A JSON request template for a message type, like `grpcurl -msg-template`: every field present, filled with a
/// placeholder of its type, so the result is valid input that shows the message's shape.
///
/// Placeholders: 32-bit integers, floats and doubles `0`; 64-bit integers `"0"` (a string, as ProtoJSON writes
/// them); bools `false`; strings and bytes `""`; enums the name of their first value (`google.protobuf.NullValue`:
/// `null`); repeated fields a one-element list; maps one entry with a placeholder key (`""`, `"0"` or `"false"`);
/// messages recursively. Well-known types take their JSON form: Timestamp `"1970-01-01T00:00:00Z"`, Duration
/// `"0s"`, FieldMask `""`, Struct `{}`, Value `null`, ListValue `[]`, Empty `{}`, Any
/// `{"@type": "type.googleapis.com/google.protobuf.Empty"}`, wrappers the placeholder of the wrapped type.
/// Of each oneof only the first member is set (proto3 `optional` fields are all set). A message type already being
/// expanded further up is cut: `{}` for a singular field, `[]` for a list, `{}` for a map. Keys are JSON names
/// (`lowerCamelCase` or an explicit `json_name`) unless ``useProtoNames`` is set. Extensions are not included.
public struct MessageTemplate: Sendable {
  /// Use field names as declared (`user_id`) instead of JSON names (`userId`).
  public var useProtoNames: Bool
  /// Spaces per nesting level; 0 gives compact single-line JSON.
  public var indent: Int

  public init(useProtoNames: Bool = false, indent: Int = 2) {
    self.useProtoNames = useProtoNames
    self.indent = indent
  }

  /// The template as JSON text, without a trailing newline.
  public func render(_ message: MessageDescriptor) -> String {
    var builder = Builder(pool: message.pool, useProtoNames: useProtoNames)
    return builder.message(message.index).text(indent: indent)
  }

  /// The template with default settings (JSON names, two-space indentation).
  public static func json(for message: MessageDescriptor) -> String {
    MessageTemplate().render(message)
  }

  /// Expansion limit independent of cycle detection, as a guard for pathological schemas.
  static let maxDepth = 64

  private struct Builder {
    let pool: PoolStorage
    let useProtoNames: Bool
    /// Message types currently being expanded.
    var active = Set<Int>()

    init(pool: PoolStorage, useProtoNames: Bool) {
      self.pool = pool
      self.useProtoNames = useProtoNames
    }

    mutating func message(_ index: Int) -> TemplateJSON {
      let info = pool.messages[index]
      if let wellKnown = info.wellKnown { return Self.placeholder(wellKnown) }
      if active.contains(index) || active.count >= MessageTemplate.maxDepth { return .object([]) }
      active.insert(index)
      defer { active.remove(index) }
      var members: [(String, TemplateJSON)] = []
      var oneofsSeen = Set<Int>()
      for field in info.fields {
        if field.oneofIndex >= 0 && !oneofsSeen.insert(field.oneofIndex).inserted { continue }
        members.append((useProtoNames ? field.name : field.jsonName, value(of: field)))
      }
      return .object(members)
    }

    /// Whether a message field would hit the cycle cut (so a list or map of it is left empty).
    private func isCut(_ field: FieldInfo) -> Bool {
      guard field.messageIndex >= 0, pool.messages[field.messageIndex].wellKnown == nil else { return false }
      return active.contains(field.messageIndex) || active.count >= MessageTemplate.maxDepth
    }

    private mutating func value(of field: FieldInfo) -> TemplateJSON {
      if field.isMap, field.messageIndex >= 0 {
        let entry = pool.messages[field.messageIndex]
        guard let k = entry.fieldIndex(number: 1), let v = entry.fieldIndex(number: 2) else { return .object([]) }
        let valueField = entry.fields[v]
        if isCut(valueField) { return .object([]) }
        return .object([(Self.mapKey(entry.fields[k].type), singular(valueField))])
      }
      if field.label == .repeated {
        return isCut(field) ? .array([]) : .array([singular(field)])
      }
      return singular(field)
    }

    private mutating func singular(_ field: FieldInfo) -> TemplateJSON {
      switch field.type {
      case .message, .group:
        return field.messageIndex >= 0 ? message(field.messageIndex) : .object([])
      case .enum:
        guard field.enumIndex >= 0 else { return .number("0") }
        let info = pool.enums[field.enumIndex]
        if info.fullName == "google.protobuf.NullValue" { return .null }
        return info.proto.value.first.map { .string($0.name) } ?? .number("0")
      case .int64, .uint64, .sint64, .fixed64, .sfixed64: return .string("0")
      case .int32, .uint32, .sint32, .fixed32, .sfixed32, .float, .double: return .number("0")
      case .bool: return .bool(false)
      case .string, .bytes: return .string("")
      }
    }

    private static func mapKey(_ type: FieldType) -> String {
      switch type {
      case .string: ""
      case .bool: "false"
      default: "0"
      }
    }

    private static func placeholder(_ type: WellKnownType) -> TemplateJSON {
      switch type {
      case .any: .object([("@type", .string("type.googleapis.com/google.protobuf.Empty"))])
      case .timestamp: .string("1970-01-01T00:00:00Z")
      case .duration: .string("0s")
      case .fieldMask: .string("")
      case .structValue, .empty: .object([])
      case .value: .null
      case .listValue: .array([])
      case .int64Value, .uint64Value: .string("0")
      case .int32Value, .uint32Value, .floatValue, .doubleValue: .number("0")
      case .boolValue: .bool(false)
      case .stringValue, .bytesValue: .string("")
      }
    }
  }
}
