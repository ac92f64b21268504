extension DynamicMessage {
  /// The message as ProtoJSON text, UTF-8 encoded.
  ///
  /// Follows the ProtoJSON spec as protobuf's own printers do (Python `json_format.MessageToJson` is the reference):
  /// fields in field-number order under their JSON names (or `.proto` names with `useProtoNames`), fields with
  /// presence printed when set and implicit-presence fields when non-zero (always, with `emitDefaults`), 64-bit
  /// integers as strings, bytes as base64, enums by name, extensions as `"[full.name]"`, unknown fields dropped,
  /// and the well-known types in their special forms. Compact unless `options.indent` is set.
  ///
  /// - Throws: ``ProtoError`` with code `.invalidJSON` and the field's path (`$.a.b[2]`) for a value that has no
  ///   JSON form (a Timestamp out of range, an `Any` whose type cannot be resolved, ...), or `.limitExceeded`
  ///   when nesting exceeds `options.maxDepth`.
  public func jsonUTF8(options: JSONEncodingOptions = .init()) throws -> [UInt8] {
    var encoder = JSONMessageEncoder(options: options)
    do {
      try encoder.writeMessage(self)
    } catch let failure as JSONEncodingFailure {
      throw failure.protoError
    }
    return encoder.writer.bytes
  }

  /// The message as ProtoJSON text; see ``jsonUTF8(options:)``.
  public func jsonString(options: JSONEncodingOptions = .init()) throws -> String {
    String(decoding: try jsonUTF8(options: options), as: UTF8.self)
  }
}

/// An encoding failure on its way up the recursion; each level adds its part of the path.
struct JSONEncodingFailure: Error {
  var code: ProtoError.Code
  var message: String
  /// Path components (`.name`, `[2]`, `["key"]`), innermost first.
  var reversedPath: [String] = []

  init(_ code: ProtoError.Code, _ message: String) {
    self.code = code
    self.message = message
  }

  var protoError: ProtoError {
    ProtoError(code, message, path: "$" + reversedPath.reversed().joined())
  }
}

/// Writes a ``DynamicMessage`` as ProtoJSON into a ``JSONWriter``. Lives for one `jsonUTF8` call.
struct JSONMessageEncoder {
  var writer: JSONWriter
  let emitDefaults: Bool
  let useProtoNames: Bool
  let maxDepth: Int
  /// Current nesting of JSON objects and arrays.
  private var depth = 0

  init(options: JSONEncodingOptions) {
    writer = JSONWriter(indent: options.indent, capacity: 512)
    emitDefaults = options.emitDefaults
    useProtoNames = options.useProtoNames
    maxDepth = options.maxDepth
  }

  // MARK: Nesting

  /// Counts one more level of JSON nesting, failing past `maxDepth`.
  @inline(__always) mutating func enter() throws {
    depth += 1
    if depth > maxDepth {
      throw JSONEncodingFailure(.limitExceeded, "message nesting exceeds the maximum depth of \(maxDepth)")
    }
  }

  @inline(__always) mutating func leave() { depth -= 1 }

  // MARK: Messages

  /// Writes a message: its well-known-type form, or an object of its fields.
  mutating func writeMessage(_ message: DynamicMessage) throws {
    let descriptor = message.descriptor
    try writeMessage(message, info: descriptor.pool.messages[descriptor.index], pool: descriptor.pool)
  }

  /// Writes a message whose type data the caller already looked up.
  mutating func writeMessage(_ message: DynamicMessage, info: MessageInfo, pool: PoolStorage) throws {
    if let kind = info.wellKnown, kind != .empty {
      try writeWellKnown(kind, message, info: info, pool: pool)
      return
    }
    try enter()
    writer.openObject()
    var first = true
    try writeFields(of: message, info: info, pool: pool, first: &first)
    writer.closeObject(empty: first)
    leave()
  }

  /// Writes the members for a message's fields and extensions, in field-number order.
  mutating func writeFields(
    of message: DynamicMessage, info: MessageInfo, pool: PoolStorage, first: inout Bool
  ) throws {
    let fields = info.fields
    var ordered = true
    var previous = Int32.min
    for field in fields {
      if field.number < previous {
        ordered = false
        break
      }
      previous = field.number
    }
    if ordered {
      for i in 0..<fields.count {
        try writeField(fields[i], message.values[i], pool: pool, first: &first)
      }
    } else {
      for i in fields.indices.sorted(by: { fields[$0].number < fields[$1].number }) {
        try writeField(fields[i], message.values[i], pool: pool, first: &first)
      }
    }
    if !message.extensionValues.isEmpty {
      try writeExtensions(of: message, pool: pool, first: &first)
    }
  }

  /// Writes one field as a member when it is set (or, with `emitDefaults`, when it has no presence).
  @inline(__always)
  private mutating func writeField(
    _ field: FieldInfo, _ stored: ProtoValue?, pool: PoolStorage, first: inout Bool
  ) throws {
    let value: ProtoValue
    if let stored {
      if !emitDefaults && !field.hasPresence && stored.isZero { return }
      value = stored
    } else {
      guard emitDefaults && !field.hasPresence else { return }
      value = ProtoValue.zero(for: field, pool: pool)
    }
    let name = useProtoNames ? field.name : field.jsonName
    writer.beginElement(first: &first)
    writer.key(name)
    do {
      try writeFieldValue(value, field: field, pool: pool)
    } catch var failure as JSONEncodingFailure {
      failure.reversedPath.append("." + name)
      throw failure
    }
  }

  /// Writes the set extensions as `"[full.name]"` members, by field number.
  private mutating func writeExtensions(of message: DynamicMessage, pool: PoolStorage, first: inout Bool) throws {
    guard let table = pool.extensionsByMessage[message.descriptor.index] else { return }
    for (number, value) in message.extensionValues.sorted(by: { $0.key < $1.key }) {
      guard let x = table[number] else { continue }
      switch value {
      case .list(let items) where items.isEmpty: continue
      case .map(let entries) where entries.isEmpty: continue
      default: break
      }
      let field = pool.extensions[x]
      let name = "[" + field.fullName + "]"
      writer.beginElement(first: &first)
      writer.key(name)
      do {
        try writeFieldValue(value, field: field, pool: pool)
      } catch var failure as JSONEncodingFailure {
        failure.reversedPath.append("." + name)
        throw failure
      }
    }
  }

  // MARK: Values

  /// Writes a field's whole value: an array for a repeated field, an object for a map, else a single value.
  mutating func writeFieldValue(_ value: ProtoValue, field: FieldInfo, pool: PoolStorage) throws {
    switch value {
    case .list(let items):
      try enter()
      writer.openArray()
      var first = true
      // Elements of a message field share one type: look its data up once.
      let elementInfo = field.messageIndex >= 0 ? pool.messages[field.messageIndex] : nil
      for i in items.indices {
        writer.beginElement(first: &first)
        do {
          if let elementInfo, case .message(let m) = items[i], m.descriptor.index == field.messageIndex,
            m.descriptor.pool === pool
          {
            try writeMessage(m, info: elementInfo, pool: pool)
          } else {
            try writeSingle(items[i], field: field, pool: pool)
          }
        } catch var failure as JSONEncodingFailure {
          failure.reversedPath.append("[\(i)]")
          throw failure
        }
      }
      writer.closeArray(empty: first)
      leave()
    case .map(let entries):
      try writeMap(entries, field: field, pool: pool)
    default:
      try writeSingle(value, field: field, pool: pool)
    }
  }

  /// Writes one value of a field (an element, for a repeated field).
  mutating func writeSingle(_ value: ProtoValue, field: FieldInfo, pool: PoolStorage) throws {
    switch value {
    case .int32(let v):
      if field.type == .enum {
        try writeEnum(v, field: field, pool: pool)
      } else {
        writer.int(Int64(v))
      }
    case .uint32(let v): writer.uint(UInt64(v))
    case .int64(let v): writer.quotedInt(v)
    case .uint64(let v): writer.quotedUInt(v)
    case .float(let v): writer.float(v)
    case .double(let v): writer.double(v)
    case .bool(let v): writer.bool(v)
    case .string(let v): writer.string(v)
    case .bytes(let v): writer.base64(v)
    case .enumNumber(let v): try writeEnum(v, field: field, pool: pool)
    case .message(let m): try writeMessage(m)
    case .list, .map:
      throw JSONEncodingFailure(.invalidJSON, "a list or map value where a single \(field.type) value belongs")
    }
  }

  /// Writes an enum value by name; `google.protobuf.NullValue` as `null`; an unknown number of an open enum as a
  /// number. An unknown number of a closed enum is an error, as in protobuf's Python printer.
  private mutating func writeEnum(_ number: Int32, field: FieldInfo, pool: PoolStorage) throws {
    guard field.enumIndex >= 0 else {
      writer.int(Int64(number))
      return
    }
    let enumInfo = pool.enums[field.enumIndex]
    if enumInfo.fullName == "google.protobuf.NullValue" {
      writer.null()
    } else if let name = enumInfo.nameByNumber[number] {
      writer.string(name)
    } else if enumInfo.isClosed {
      throw JSONEncodingFailure(
        .invalidJSON, "\(number) is not a value of the closed enum \(enumInfo.fullName)")
    } else {
      writer.int(Int64(number))
    }
  }

  /// Writes a map as an object with its keys in order; keys are always JSON strings.
  mutating func writeMap(_ entries: [MapKey: ProtoValue], field: FieldInfo, pool: PoolStorage) throws {
    try enter()
    writer.openObject()
    var first = true
    if !entries.isEmpty {
      guard field.messageIndex >= 0, let valueIndex = pool.messages[field.messageIndex].fieldIndex(number: 2) else {
        throw JSONEncodingFailure(.invalidJSON, "map field \(field.fullName) has no value field")
      }
      let valueField = pool.messages[field.messageIndex].fields[valueIndex]
      let valueInfo = valueField.messageIndex >= 0 ? pool.messages[valueField.messageIndex] : nil
      for (key, value) in entries.sorted(by: { $0.key < $1.key }) {
        writer.beginElement(first: &first)
        writeMapKey(key)
        writer.keySeparator()
        do {
          if let valueInfo, case .message(let m) = value, m.descriptor.index == valueField.messageIndex,
            m.descriptor.pool === pool
          {
            try writeMessage(m, info: valueInfo, pool: pool)
          } else {
            try writeSingle(value, field: valueField, pool: pool)
          }
        } catch var failure as JSONEncodingFailure {
          failure.reversedPath.append(Self.pathComponent(key))
          throw failure
        }
      }
    }
    writer.closeObject(empty: first)
    leave()
  }

  private mutating func writeMapKey(_ key: MapKey) {
    switch key {
    case .string(let s): writer.string(s)
    case .int32(let v): writer.quotedInt(Int64(v))
    case .int64(let v): writer.quotedInt(v)
    case .uint32(let v): writer.quotedUInt(UInt64(v))
    case .uint64(let v): writer.quotedUInt(v)
    case .bool(let v):
      if v { writer.append("\"true\"") } else { writer.append("\"false\"") }
    }
  }

  private static func pathComponent(_ key: MapKey) -> String {
    if case .string(let s) = key {
      var w = JSONWriter(indent: nil, capacity: s.utf8.count + 2)
      w.string(s)
      return "[" + String(decoding: w.bytes, as: UTF8.self) + "]"
    }
    return "[\(key.jsonKey)]"
  }
}
