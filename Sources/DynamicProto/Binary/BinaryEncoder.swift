/// Writes ``DynamicMessage`` values in the protobuf binary format.
///
/// Deterministic: fields in field-number order, then extensions by number, then unknown fields as read; map entries
/// sorted by key. Implicit-presence (proto3) fields holding zero are omitted; repeated scalars are packed where the
/// descriptor says so.
struct BinaryEncoder {
  let pool: PoolStorage

  func encode(_ message: DynamicMessage, into w: inout WireWriter) {
    let info = message.descriptor.info
    for index in info.numberOrder {
      guard let value = message.values[index] else { continue }
      write(info.fields[index], value, into: &w)
    }
    if !message.extensionValues.isEmpty {
      let table = pool.extensionsByMessage[message.descriptor.index] ?? [:]
      for number in message.extensionValues.keys.sorted() {
        guard let x = table[number] else { continue }
        write(pool.extensions[x], message.extensionValues[number]!, into: &w)
      }
    }
    w.bytes.append(contentsOf: message.unknownFields)
  }

  @inline(__always) private func write(_ field: FieldInfo, _ value: ProtoValue, into w: inout WireWriter) {
    switch value {
    case .list(let list):
      guard !list.isEmpty else { return }
      if field.isPacked {
        w.writeTag(field.number, .lengthDelimited)
        let mark = w.beginLengthDelimited()
        for element in list { writeScalarPayload(field.type, element, into: &w) }
        w.endLengthDelimited(mark)
      } else {
        for element in list { writeSingle(field, element, into: &w) }
      }
    case .map(let map):
      let entryInfo = pool.messages[field.messageIndex]
      let keyField = entryInfo.fields[entryInfo.fieldIndex(number: 1)!]
      let valueField = entryInfo.fields[entryInfo.fieldIndex(number: 2)!]
      for key in map.keys.sorted() {
        w.writeTag(field.number, .lengthDelimited)
        let mark = w.beginLengthDelimited()
        writeSingle(keyField, key.value, into: &w)
        writeSingle(valueField, map[key]!, into: &w)
        w.endLengthDelimited(mark)
      }
    default:
      if !field.hasPresence && value.isZero { return }
      writeSingle(field, value, into: &w)
    }
  }

  @inline(__always) private func writeSingle(_ field: FieldInfo, _ value: ProtoValue, into w: inout WireWriter) {
    if case .message(let nested) = value {
      if field.type == .group || field.isDelimited {
        w.writeTag(field.number, .startGroup)
        encode(nested, into: &w)
        w.writeTag(field.number, .endGroup)
      } else {
        w.writeTag(field.number, .lengthDelimited)
        let mark = w.beginLengthDelimited()
        encode(nested, into: &w)
        w.endLengthDelimited(mark)
      }
      return
    }
    w.writeTag(field.number, WireType(for: field.type))
    switch value {
    case .string(var s):
      s.withUTF8 { utf8 in
        w.writeVarint(UInt64(utf8.count))
        w.bytes.append(contentsOf: utf8)
      }
    case .bytes(let b):
      w.writeVarint(UInt64(b.count))
      w.bytes.append(contentsOf: b)
    default:
      writeScalarPayload(field.type, value, into: &w)
    }
  }

  /// Writes a scalar without its tag (as inside a packed list).
  @inline(__always) private func writeScalarPayload(_ type: FieldType, _ value: ProtoValue, into w: inout WireWriter) {
    switch (type, value) {
    case (.int32, .int32(let v)): w.writeVarint(UInt64(bitPattern: Int64(v)))
    case (.sint32, .int32(let v)): w.writeVarint(UInt64(ZigZag.encode32(v)))
    case (.sfixed32, .int32(let v)): w.writeFixed32(UInt32(bitPattern: v))
    case (.int64, .int64(let v)): w.writeVarint(UInt64(bitPattern: v))
    case (.sint64, .int64(let v)): w.writeVarint(ZigZag.encode64(v))
    case (.sfixed64, .int64(let v)): w.writeFixed64(UInt64(bitPattern: v))
    case (.uint32, .uint32(let v)): w.writeVarint(UInt64(v))
    case (.fixed32, .uint32(let v)): w.writeFixed32(v)
    case (.uint64, .uint64(let v)): w.writeVarint(v)
    case (.fixed64, .uint64(let v)): w.writeFixed64(v)
    case (.float, .float(let v)): w.writeFixed32(v.bitPattern)
    case (.double, .double(let v)): w.writeFixed64(v.bitPattern)
    case (.bool, .bool(let v)): w.writeVarint(v ? 1 : 0)
    case (.enum, .enumNumber(let v)): w.writeVarint(UInt64(bitPattern: Int64(v)))
    default:
      // A value of the wrong kind for its field (only possible through the public setters) is written as the
      // field type's zero rather than corrupting the stream.
      writeScalarPayload(type, ProtoValue.scalarZeroOf(type), into: &w)
    }
  }
}

extension ProtoValue {
  /// The zero of a scalar field type.
  static func scalarZeroOf(_ type: FieldType) -> ProtoValue {
    switch type {
    case .int32, .sint32, .sfixed32: .int32(0)
    case .int64, .sint64, .sfixed64: .int64(0)
    case .uint32, .fixed32: .uint32(0)
    case .uint64, .fixed64: .uint64(0)
    case .float: .float(0)
    case .double: .double(0)
    case .bool: .bool(false)
    case .enum: .enumNumber(0)
    case .string: .string("")
    case .bytes, .message, .group: .bytes([])
    }
  }
}

extension DynamicMessage {
  /// The message in the protobuf binary format (deterministic: map entries sorted by key).
  public func serializedBytes() -> [UInt8] {
    var writer = WireWriter(capacity: 64)
    BinaryEncoder(pool: descriptor.pool).encode(self, into: &writer)
    return writer.bytes
  }
}
