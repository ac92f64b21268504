extension JSONMessageDecoder {
  /// Reads a well-known type in its special JSON form (everything but `Empty`, which is a plain object).
  mutating func decodeWellKnown(
    _ wkt: WellKnownType, index: Int, existing: DynamicMessage?
  ) throws -> DynamicMessage {
    let info = pool.messages[index]
    var message = DynamicMessage(MessageDescriptor(pool: pool, index: index))
    switch wkt {
    case .any:
      return try decodeAny(index: index, existing: existing)
    case .value:
      return try decodeValueKind(index)
    case .timestamp, .duration:
      let what = wkt == .timestamp ? "timestamp" : "duration"
      let kind = try scanner.peekKind()
      guard kind == .string else { throw mismatch("\(what) string", kind) }
      let raw = try scanner.readRawString()
      let parse = wkt == .timestamp ? WellKnownText.parseTimestamp : WellKnownText.parseDuration
      guard let (seconds, nanos) = scanner.withBytes(raw, parse) else {
        throw ProtoError(.invalidJSON, "invalid \(what) \(JSONValue.quoted(scanner.text(of: raw)))")
      }
      store(try wktField(info, 1), .int64(seconds), in: &message)
      store(try wktField(info, 2), .int32(nanos), in: &message)
    case .fieldMask:
      let kind = try scanner.peekKind()
      guard kind == .string else { throw mismatch("field mask string", kind) }
      let text = try scanner.readString()
      guard let paths = WellKnownText.parseFieldMask(text) else {
        throw ProtoError(.invalidJSON, "invalid field mask \(JSONValue.quoted(text)): paths are lowerCamelCase, without \"_\"")
      }
      store(try wktField(info, 1), .list(paths.map { .string($0) }), in: &message)
    case .structValue:
      let field = try wktField(info, 1)
      store(field, .map(try decodeStructFields(field)), in: &message)
    case .listValue:
      let field = try wktField(info, 1)
      store(field, .list(try decodeListValues(field)), in: &message)
    case .empty:
      try decodeFields(into: &message, index: index)
    case .doubleValue, .floatValue, .int64Value, .uint64Value, .int32Value, .uint32Value, .boolValue, .stringValue,
      .bytesValue:
      let field = try wktField(info, 1)
      if let value = try decodeScalar(field) { store(field, value, in: &message) }
    }
    return message
  }

  /// A well-known type's field by number; a type by that name without it is not the real well-known type.
  func wktField(_ info: MessageInfo, _ number: Int32) throws -> FieldInfo {
    guard let i = info.fieldIndex(number: number) else {
      throw ProtoError(.unsupported, "\(info.fullName) does not have the fields of the well-known type")
    }
    return info.fields[i]
  }

  /// A `google.protobuf.Value` holding `null_value`.
  func nullValue(_ index: Int) throws -> DynamicMessage {
    var message = DynamicMessage(MessageDescriptor(pool: pool, index: index))
    store(try wktField(pool.messages[index], 1), .enumNumber(0), in: &message)
    return message
  }

  /// `google.protobuf.Value`: any JSON value. Counts one more nesting level, as Python does.
  private mutating func decodeValueKind(_ index: Int) throws -> DynamicMessage {
    try enterMessage()
    defer { messageDepth -= 1 }
    let info = pool.messages[index]
    var message = DynamicMessage(MessageDescriptor(pool: pool, index: index))
    switch try scanner.peekKind() {
    case .null:
      try scanner.readNull()
      return try nullValue(index)
    case .number:
      let token = try scanner.readNumber()
      let p = UnsafeBufferPointer(rebasing: scanner.buf[token.start..<token.end])
      let d = JSONNumbers.parseJSONDouble(p)
      // Python reads an integer literal exactly, then fails to make a float of a huge one.
      if d.isInfinite && token.isInteger {
        throw ProtoError(.invalidJSON, "value \(String(decoding: p, as: UTF8.self)) overflows double")
      }
      store(try wktField(info, 2), .double(d), in: &message)
    case .string:
      store(try wktField(info, 3), .string(try scanner.readString()), in: &message)
    case .bool:
      store(try wktField(info, 4), .bool(try scanner.readBool()), in: &message)
    case .object:
      let field = try wktField(info, 5)
      store(field, .message(try decodeMessage(field.messageIndex, existing: nil)), in: &message)
    case .array:
      let field = try wktField(info, 6)
      store(field, .message(try decodeMessage(field.messageIndex, existing: nil)), in: &message)
    }
    return message
  }

  /// `google.protobuf.Struct`: a JSON object of `Value`s.
  private mutating func decodeStructFields(_ field: FieldInfo) throws -> [MapKey: ProtoValue] {
    let kind = try scanner.peekKind()
    guard kind == .object else { throw mismatch("object", kind) }
    let valueField = try wktField(pool.messages[field.messageIndex], 2)
    var map: [MapKey: ProtoValue] = [:]
    guard try scanner.beginObject() else { return map }
    repeat {
      scanner.skipWhitespace()
      let keyOffset = scanner.pos
      let key = try scanner.readKey()
      guard map[.string(key)] == nil else { throw duplicateKey(key, at: keyOffset) }
      do {
        map[.string(key)] = .message(try decodeMessage(valueField.messageIndex, existing: nil))
      } catch {
        throw JSONPath.prefix(error, JSONPath.mapKey(key))
      }
    } while try scanner.nextObjectMember()
    return map
  }

  /// `google.protobuf.ListValue`: a JSON array of `Value`s.
  private mutating func decodeListValues(_ field: FieldInfo) throws -> [ProtoValue] {
    let kind = try scanner.peekKind()
    guard kind == .array else { throw mismatch("array", kind) }
    var items: [ProtoValue] = []
    guard try scanner.beginArray() else { return items }
    var i = 0
    repeat {
      do {
        items.append(.message(try decodeMessage(field.messageIndex, existing: nil)))
      } catch {
        throw JSONPath.prefix(error, JSONPath.index(i))
      }
      i += 1
    } while try scanner.nextArrayElement()
    return items
  }
}
