extension JSONMessageDecoder {
  /// Reads a map field: a JSON object whose keys are the map keys as text (`"true"`, `"-12"`).
  mutating func decodeMap(_ field: FieldInfo) throws -> [MapKey: ProtoValue] {
    let entry = pool.messages[field.messageIndex]
    let keyField = entry.fields[entry.fieldIndex(number: 1)!]
    let valueField = entry.fields[entry.fieldIndex(number: 2)!]
    let kind = try scanner.peekKind()
    guard kind == .object else { throw mismatch("object", kind) }
    var map: [MapKey: ProtoValue] = [:]
    guard try scanner.beginObject() else { return map }
    let isMessage = valueField.type == .message || valueField.type == .group
    // google.protobuf.Value and NullValue are the two types whose value may be JSON null.
    let nullAllowed = isMessage
      ? pool.messages[valueField.messageIndex].wellKnown == .value
      : valueField.enumIndex >= 0 && pool.enums[valueField.enumIndex].fullName == "google.protobuf.NullValue"
    // Integer keys can be spelled several ways ("1", "01"); duplicates are judged on the text, as JSON does.
    let isIntegerKey = keyField.type != .string && keyField.type != .bool
    var rawKeys: Set<String> = []
    repeat {
      scanner.skipWhitespace()
      let keyOffset = scanner.pos
      let key = try scanner.readKey()
      do {
        let mapKey = try convertMapKey(key, keyField)
        if isIntegerKey ? !rawKeys.insert(key).inserted : map[mapKey] != nil {
          throw duplicateKey(key, at: keyOffset)
        }
        if !nullAllowed && scanner.nextIsNull() {
          throw ProtoError(.invalidJSON, "null is not allowed as a map value")
        }
        if isMessage {
          map[mapKey] = .message(try decodeMessage(valueField.messageIndex, existing: map[mapKey]?.messageValue))
        } else if let value = try decodeScalar(valueField) {
          map[mapKey] = value
        }
      } catch {
        throw JSONPath.prefix(error, JSONPath.mapKey(key))
      }
    } while try scanner.nextObjectMember()
    return map
  }

  /// A map key from its JSON text: strings as is, `"true"`/`"false"` for bool keys, integers in decimal (or any
  /// integral number form Python's `int()`/`float()` reads).
  func convertMapKey(_ key: String, _ keyField: FieldInfo) throws -> MapKey {
    switch keyField.type {
    case .string:
      return .string(key)
    case .bool:
      switch key {
      case "true": return .bool(true)
      case "false": return .bool(false)
      default: throw ProtoError(.invalidJSON, "invalid map key \(JSONValue.quoted(key)), expected \"true\" or \"false\"")
      }
    default:
      var text = key
      let parsed = text.withUTF8 { JSONNumbers.parseInteger($0) }
      let value = try Self.integerValue(parsed, keyField.type, text: { key })
      return MapKey(value)!
    }
  }
}

/// The keys seen in one JSON object of message fields: duplicate keys are errors, as are two members of a oneof.
///
/// A field may be named by its JSON name and by its proto name; each spelling may appear once (Python's rule).
/// Fields and oneofs with index below 64 use bit masks; the rest use sets, created only when needed.
struct SeenKeys {
  private var byJSONName: UInt64 = 0
  private var byProtoName: UInt64 = 0
  private var oneofs: UInt64 = 0
  private var large: Set<Int>?
  private var others: Set<String>?

  /// Records a field named one way; false when that spelling was already seen.
  @inline(__always) mutating func markField(_ index: Int, byProtoName proto: Bool) -> Bool {
    if index < 64 {
      let bit: UInt64 = 1 << UInt64(index)
      if proto {
        if byProtoName & bit != 0 { return false }
        byProtoName |= bit
      } else {
        if byJSONName & bit != 0 { return false }
        byJSONName |= bit
      }
      return true
    }
    if large == nil { large = [] }
    return large!.insert(index * 2 + (proto ? 1 : 0)).inserted
  }

  /// Records that a member of a oneof (real or synthetic) got a non-null value; false if one already had.
  @inline(__always) mutating func markOneof(_ index: Int) -> Bool {
    if index < 64 {
      let bit: UInt64 = 1 << UInt64(index)
      if oneofs & bit != 0 { return false }
      oneofs |= bit
      return true
    }
    if large == nil { large = [] }
    return large!.insert(-1 - index).inserted
  }

  /// Records a key that names no field (an extension, `@type`, or an ignored unknown key).
  mutating func markOther(_ key: String) -> Bool {
    if others == nil { others = [] }
    return others!.insert(key).inserted
  }
}
