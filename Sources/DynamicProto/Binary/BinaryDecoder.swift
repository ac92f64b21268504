/// Reads the protobuf binary format into ``DynamicMessage`` values.
///
/// Accepts packed and unpacked encodings of repeated scalars, merges repeated occurrences of singular messages,
/// keeps unknown fields (and unknown numbers of closed enums) as raw bytes, and enforces the depth and size limits
/// of ``BinaryDecodingOptions``. A value with the wrong wire type for its field is kept as an unknown field, as the
/// reference implementations do.
struct BinaryDecoder {
  let pool: PoolStorage
  let options: BinaryDecodingOptions

  /// Decodes all of `bytes` into `message`.
  func run(_ message: inout DynamicMessage, _ bytes: [UInt8]) throws(ProtoError) {
    let result: Result<Void, ProtoError> = bytes.withUnsafeBytes { raw in
      var reader = WireReader(raw)
      do throws(ProtoError) {
        try decode(&message, &reader, depth: 0, group: nil)
        return .success(())
      } catch {
        return .failure(error)
      }
    }
    try result.get()
  }

  func decode(_ message: inout DynamicMessage, _ reader: inout WireReader, depth: Int, group: UInt64?) throws(ProtoError) {
    let info = message.descriptor.info
    while reader.pos < reader.end {
      let tagStart = reader.pos
      let tag = try reader.readVarint()
      let wireType = UInt8(truncatingIfNeeded: tag & 7)
      let number = tag >> 3
      if wireType == 4 {
        guard let group, group == number else {
          throw ProtoError(.invalidBinary, "unexpected end-group tag for field \(number)", path: "$")
        }
        return
      }
      try WireReader.checkTag(tag)
      let field: FieldInfo
      if let index = info.fieldIndex(number: Int32(number)) {
        field = info.fields[index]
      } else if let ext = pool.extensionsByMessage[message.descriptor.index]?[Int32(number)] {
        field = pool.extensions[ext]
      } else {
        try reader.skip(wireType: wireType, fieldNumber: number, depth: options.maxDepth - depth)
        if !options.discardUnknownFields {
          message.unknownFields.append(contentsOf: reader.bytes[tagStart..<reader.pos])
        }
        continue
      }
      do {
        try decodeField(field, wireType: wireType, into: &message, &reader, depth: depth, tagStart: tagStart)
      } catch {
        var index: Int? = nil
        if field.label == .repeated && !field.isMap, case .list(let list)? = slot(message, field) { index = list.count }
        throw Self.prefixed(error, field: field, index: field.label == .repeated && !field.isMap ? (index ?? 0) : nil)
      }
    }
    if let group {
      throw ProtoError(.invalidBinary, "input ends inside group \(group) (truncated message)", path: "$")
    }
  }

  /// Adds the field's name to the front of an error's path.
  static func prefixed(_ error: ProtoError, field: FieldInfo, index: Int?) -> ProtoError {
    var error = error
    var name = field.isExtension ? "[\(field.fullName)]" : field.jsonName
    if let index { name += "[\(index)]" }
    let rest = error.path.map { String($0.dropFirst()) } ?? ""
    error.path = "$." + name + rest
    return error
  }

  private func decodeField(
    _ field: FieldInfo, wireType: UInt8, into message: inout DynamicMessage, _ reader: inout WireReader, depth: Int,
    tagStart: Int
  ) throws(ProtoError) {
    let expected = WireType(for: field.type, delimited: field.isDelimited).rawValue
    if field.label == .repeated {
      if wireType == 2 && field.type.isPackable {
        let end = try reader.readLengthEnd()
        var list = takeList(&message, field)
        let saved = reader.end
        reader.end = end
        while reader.pos < end {
          let value = try readScalar(field, &reader)
          if let value = checkedEnum(field, value, into: &message) { list.append(value) }
        }
        reader.end = saved
        store(&message, field, .list(list))
        return
      }
      guard wireType == expected else { return try keepUnknown(&message, &reader, wireType, field.number, tagStart, depth) }
      if field.isMap {
        try decodeMapEntry(field, into: &message, &reader, depth: depth, tagStart: tagStart)
        return
      }
      let value: ProtoValue
      if field.messageIndex >= 0 {
        var nested = DynamicMessage(MessageDescriptor(pool: pool, index: field.messageIndex))
        try readNested(&nested, field, &reader, depth: depth)
        value = .message(nested)
      } else {
        guard let scalar = try readLenient(field, &message, &reader, tagStart: tagStart),
          checkedEnum(field, scalar, into: &message) != nil
        else { return }
        value = scalar
      }
      var list = takeList(&message, field)
      list.append(value)
      store(&message, field, .list(list))
      return
    }
    guard wireType == expected else { return try keepUnknown(&message, &reader, wireType, field.number, tagStart, depth) }
    if field.messageIndex >= 0 {
      var nested: DynamicMessage
      if case .message(let existing)? = slot(message, field) {
        nested = existing
        store(&message, field, nil)
      } else {
        nested = DynamicMessage(MessageDescriptor(pool: pool, index: field.messageIndex))
      }
      try readNested(&nested, field, &reader, depth: depth)
      store(&message, field, .message(nested))
      return
    }
    guard let value = try readLenient(field, &message, &reader, tagStart: tagStart) else { return }
    if let value = checkedEnum(field, value, into: &message) { store(&message, field, value) }
  }

  /// Reads a scalar; a proto2 string that is not valid UTF-8 is kept, bytes intact, among the unknown fields
  /// (returning nil) instead of failing, since proto2 does not require UTF-8.
  @inline(__always) private func readLenient(
    _ field: FieldInfo, _ message: inout DynamicMessage, _ reader: inout WireReader, tagStart: Int
  ) throws(ProtoError) -> ProtoValue? {
    if field.type == .string && !field.validatesUTF8 {
      do {
        return try readScalar(field, &reader)
      } catch where error.message.contains("UTF-8") {
        if !options.discardUnknownFields {
          message.unknownFields.append(contentsOf: reader.bytes[tagStart..<reader.pos])
        }
        return nil
      }
    }
    return try readScalar(field, &reader)
  }

  private func readNested(_ nested: inout DynamicMessage, _ field: FieldInfo, _ reader: inout WireReader, depth: Int) throws(ProtoError) {
    guard depth < options.maxDepth else {
      throw ProtoError(.limitExceeded, "messages nested deeper than the limit of \(options.maxDepth)", path: "$")
    }
    if field.type == .group || field.isDelimited {
      try decode(&nested, &reader, depth: depth + 1, group: UInt64(field.number))
    } else {
      let end = try reader.readLengthEnd()
      let saved = reader.end
      reader.end = end
      try decode(&nested, &reader, depth: depth + 1, group: nil)
      reader.end = saved
    }
  }

  private func decodeMapEntry(
    _ field: FieldInfo, into message: inout DynamicMessage, _ reader: inout WireReader, depth: Int, tagStart: Int
  ) throws(ProtoError) {
    guard depth < options.maxDepth else {
      throw ProtoError(.limitExceeded, "messages nested deeper than the limit of \(options.maxDepth)", path: "$")
    }
    var entry = DynamicMessage(MessageDescriptor(pool: pool, index: field.messageIndex))
    let end = try reader.readLengthEnd()
    let saved = reader.end
    reader.end = end
    try decode(&entry, &reader, depth: depth + 1, group: nil)
    reader.end = saved
    let entryInfo = entry.descriptor.info
    let keyField = entryInfo.fields[entryInfo.fieldIndex(number: 1)!]
    let valueField = entryInfo.fields[entryInfo.fieldIndex(number: 2)!]
    if valueField.isClosedEnum && entry.values[valueField.index] == nil && !entry.unknownFields.isEmpty {
      // An unknown number of a closed enum: the whole entry is kept among the unknown fields (as upb and C++ do).
      if !options.discardUnknownFields {
        message.unknownFields.append(contentsOf: reader.bytes[tagStart..<reader.pos])
      }
      return
    }
    let keyValue = entry.values[keyField.index] ?? ProtoValue.scalarZero(for: keyField, pool: pool)
    let value = entry.values[valueField.index] ?? ProtoValue.scalarZero(for: valueField, pool: pool)
    guard let key = MapKey(keyValue) else {
      throw ProtoError(.invalidDescriptor, "map key type \(keyField.type) is not a valid key type", path: "$")
    }
    var map: [MapKey: ProtoValue]
    if case .map(let existing)? = slot(message, field) { map = existing } else { map = [:] }
    store(&message, field, nil)
    map[key] = value
    store(&message, field, .map(map))
  }

  @inline(__always) private func readScalar(_ field: FieldInfo, _ reader: inout WireReader) throws(ProtoError) -> ProtoValue {
    switch field.type {
    case .int32: return .int32(Int32(truncatingIfNeeded: try reader.readVarint()))
    case .int64: return .int64(Int64(bitPattern: try reader.readVarint()))
    case .uint32: return .uint32(UInt32(truncatingIfNeeded: try reader.readVarint()))
    case .uint64: return .uint64(try reader.readVarint())
    case .sint32: return .int32(ZigZag.decode32(UInt32(truncatingIfNeeded: try reader.readVarint())))
    case .sint64: return .int64(ZigZag.decode64(try reader.readVarint()))
    case .bool: return .bool(try reader.readVarint() != 0)
    case .enum: return .enumNumber(Int32(truncatingIfNeeded: try reader.readVarint()))
    case .fixed32: return .uint32(try reader.readFixed32())
    case .sfixed32: return .int32(Int32(bitPattern: try reader.readFixed32()))
    case .float: return .float(Float(bitPattern: try reader.readFixed32()))
    case .fixed64: return .uint64(try reader.readFixed64())
    case .sfixed64: return .int64(Int64(bitPattern: try reader.readFixed64()))
    case .double: return .double(Double(bitPattern: try reader.readFixed64()))
    case .string:
      let end = try reader.readLengthEnd()
      let slice = UnsafeRawBufferPointer(rebasing: reader.bytes[reader.pos..<end])
      reader.pos = end
      guard let s = String(validating: slice, as: UTF8.self) else {
        throw ProtoError(.invalidBinary, "string field holds invalid UTF-8", path: "$")
      }
      return .string(s)
    case .bytes:
      let end = try reader.readLengthEnd()
      let value = [UInt8](reader.bytes[reader.pos..<end])
      reader.pos = end
      return .bytes(value)
    case .message, .group:
      throw ProtoError(.invalidBinary, "message field cannot be packed", path: "$")
    }
  }

  /// Returns the value, or nil after moving an unknown number of a closed enum into unknown fields.
  @inline(__always) private func checkedEnum(_ field: FieldInfo, _ value: ProtoValue, into message: inout DynamicMessage) -> ProtoValue? {
    guard field.isClosedEnum, case .enumNumber(let n) = value, pool.enums[field.enumIndex].nameByNumber[n] == nil else {
      return value
    }
    if !options.discardUnknownFields {
      var writer = WireWriter()
      writer.writeTag(field.number, .varint)
      writer.writeVarint(UInt64(bitPattern: Int64(n)))
      message.unknownFields.append(contentsOf: writer.bytes)
    }
    return nil
  }

  private func keepUnknown(
    _ message: inout DynamicMessage, _ reader: inout WireReader, _ wireType: UInt8, _ number: Int32, _ tagStart: Int, _ depth: Int
  ) throws(ProtoError) {
    try reader.skip(wireType: wireType, fieldNumber: UInt64(number), depth: options.maxDepth - depth)
    if !options.discardUnknownFields {
      message.unknownFields.append(contentsOf: reader.bytes[tagStart..<reader.pos])
    }
  }

  @inline(__always) private func slot(_ message: DynamicMessage, _ field: FieldInfo) -> ProtoValue? {
    field.isExtension ? message.extensionValues[field.number] : message.values[field.index]
  }

  @inline(__always) private func store(_ message: inout DynamicMessage, _ field: FieldInfo, _ value: ProtoValue?) {
    if field.isExtension {
      message.extensionValues[field.number] = value
    } else {
      message.setSlot(field, value)
    }
  }

  /// Takes a repeated field's list out of its slot (leaving the slot empty so appends do not copy).
  @inline(__always) private func takeList(_ message: inout DynamicMessage, _ field: FieldInfo) -> [ProtoValue] {
    guard case .list(let list)? = slot(message, field) else { return [] }
    store(&message, field, nil)
    return list
  }
}

extension DynamicMessage {
  /// Decodes a message of the given type from the protobuf binary format.
  ///
  /// - Throws: ``ProtoError`` with `.invalidBinary` (truncated input, bad wire type, invalid UTF-8, ...) or
  ///   `.limitExceeded`, its path naming the field where decoding failed.
  public init(_ descriptor: MessageDescriptor, binary: [UInt8], options: BinaryDecodingOptions = .init()) throws(ProtoError) {
    guard binary.count <= options.maxMessageBytes else {
      throw ProtoError(
        .limitExceeded, "message of \(binary.count) bytes exceeds the limit of \(options.maxMessageBytes) bytes", path: "$")
    }
    var message = DynamicMessage(descriptor)
    let decoder = BinaryDecoder(pool: descriptor.pool, options: options)
    try decoder.run(&message, binary)
    self = message
  }

  /// Merges binary data into this message, as protobuf's `MergeFromString`.
  public mutating func merge(binary: [UInt8], options: BinaryDecodingOptions = .init()) throws(ProtoError) {
    let decoder = BinaryDecoder(pool: descriptor.pool, options: options)
    var message = self
    try decoder.run(&message, binary)
    self = message
  }
}
