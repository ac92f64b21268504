/// The special JSON forms of the well-known types (Any is in `MessageToJSON+Any.swift`).
extension JSONMessageEncoder {
  /// Writes a well-known type in its special form. `google.protobuf.Empty` is written as a regular message.
  mutating func writeWellKnown(
    _ kind: WellKnownType, _ message: DynamicMessage, info: MessageInfo, pool: PoolStorage
  ) throws {
    switch kind {
    case .any: try writeAny(message)
    case .timestamp: try writeTimestamp(message)
    case .duration: try writeDuration(message)
    case .fieldMask: try writeFieldMask(message)
    case .structValue: try writeStruct(message)
    case .listValue: try writeListValue(message)
    case .value: try writeValue(message, info: info, pool: pool)
    case .empty:
      try enter()
      writer.openObject()
      writer.closeObject(empty: true)
      leave()
    case .doubleValue, .floatValue, .int64Value, .uint64Value, .int32Value, .uint32Value, .boolValue, .stringValue,
      .bytesValue:
      try writeWrapper(message)
    }
  }

  /// The field with this number and its stored value, if the message declares it.
  func slot(_ message: DynamicMessage, _ number: Int32) -> (field: FieldInfo, value: ProtoValue?)? {
    let info = message.descriptor.info
    guard let i = info.fieldIndex(number: number) else { return nil }
    return (info.fields[i], message.values[i])
  }

  private func int64Field(_ message: DynamicMessage, _ number: Int32) -> Int64 {
    switch slot(message, number)?.value {
    case .int64(let v)?: v
    case .int32(let v)?: Int64(v)
    default: 0
    }
  }

  // MARK: Wrappers

  /// A `google.protobuf.*Value` wrapper: its bare `value` (Int64Value / UInt64Value as strings).
  private mutating func writeWrapper(_ message: DynamicMessage) throws {
    guard let (field, stored) = slot(message, 1) else {
      throw JSONEncodingFailure(.invalidJSON, "\(message.descriptor.fullName) has no field 1")
    }
    let pool = message.descriptor.pool
    try writeSingle(stored ?? ProtoValue.scalarZero(for: field, pool: pool), field: field, pool: pool)
  }

  // MARK: Timestamp and Duration

  /// `google.protobuf.Timestamp` as RFC 3339 in UTC (`1972-01-01T10:00:20.021Z`), with 0, 3, 6 or 9 fraction digits.
  private mutating func writeTimestamp(_ message: DynamicMessage) throws {
    let seconds = int64Field(message, 1)
    let nanos = int64Field(message, 2)
    guard seconds >= -62_135_596_800 && seconds <= 253_402_300_799 else {
      throw JSONEncodingFailure(
        .invalidJSON, "Timestamp is not valid: Seconds \(seconds) must be in range [-62135596800, 253402300799]")
    }
    guard nanos >= 0 && nanos < 1_000_000_000 else {
      throw JSONEncodingFailure(.invalidJSON, "Timestamp is not valid: Nanos \(nanos) must be in range [0, 999999999]")
    }
    let secondOfDay = Int((seconds % 86_400 + 86_400) % 86_400)
    let days = Int((seconds - Int64(secondOfDay)) / 86_400)
    let (year, month, day) = CivilDate.date(daysSinceEpoch: days)
    writer.append(UInt8(ascii: "\""))
    writer.fixedDigits(year, width: 4)
    writer.append(UInt8(ascii: "-"))
    writer.fixedDigits(month, width: 2)
    writer.append(UInt8(ascii: "-"))
    writer.fixedDigits(day, width: 2)
    writer.append(UInt8(ascii: "T"))
    writer.fixedDigits(secondOfDay / 3600, width: 2)
    writer.append(UInt8(ascii: ":"))
    writer.fixedDigits(secondOfDay / 60 % 60, width: 2)
    writer.append(UInt8(ascii: ":"))
    writer.fixedDigits(secondOfDay % 60, width: 2)
    writeFraction(Int(nanos))
    writer.append("Z\"")
  }

  /// `google.protobuf.Duration` as seconds with a `s` suffix (`-1.500s`), with 0, 3, 6 or 9 fraction digits.
  private mutating func writeDuration(_ message: DynamicMessage) throws {
    let seconds = int64Field(message, 1)
    let nanos = int64Field(message, 2)
    guard seconds >= -315_576_000_000 && seconds <= 315_576_000_000 else {
      throw JSONEncodingFailure(
        .invalidJSON, "Duration is not valid: Seconds \(seconds) must be in range [-315576000000, 315576000000]")
    }
    guard nanos > -1_000_000_000 && nanos < 1_000_000_000 else {
      throw JSONEncodingFailure(
        .invalidJSON, "Duration is not valid: Nanos \(nanos) must be in range [-999999999, 999999999]")
    }
    guard !(nanos < 0 && seconds > 0) && !(nanos > 0 && seconds < 0) else {
      throw JSONEncodingFailure(.invalidJSON, "Duration is not valid: Sign mismatch")
    }
    writer.append(UInt8(ascii: "\""))
    if seconds < 0 || nanos < 0 { writer.append(UInt8(ascii: "-")) }
    writer.uint(seconds.magnitude)
    writeFraction(Int(nanos.magnitude))
    writer.append("s\"")
  }

  /// Writes `.ddd`, `.dddddd` or `.ddddddddd` (the fewest of those that is exact), or nothing for zero nanos.
  private mutating func writeFraction(_ nanos: Int) {
    guard nanos != 0 else { return }
    writer.append(UInt8(ascii: "."))
    if nanos % 1_000_000 == 0 {
      writer.fixedDigits(nanos / 1_000_000, width: 3)
    } else if nanos % 1000 == 0 {
      writer.fixedDigits(nanos / 1000, width: 6)
    } else {
      writer.fixedDigits(nanos, width: 9)
    }
  }

  // MARK: FieldMask

  /// `google.protobuf.FieldMask` as its paths in lowerCamelCase joined by commas. A path that would not convert
  /// back (an upper-case letter, `_` not followed by a lower-case letter) is an error, as in protobuf's printers.
  private mutating func writeFieldMask(_ message: DynamicMessage) throws {
    var paths: [ProtoValue] = []
    if case .list(let items)? = slot(message, 1)?.value { paths = items }
    var text = ""
    for (i, path) in paths.enumerated() {
      guard case .string(let p) = path else { continue }
      if i > 0 { text += "," }
      text += try Self.camelCasePath(p)
    }
    writer.string(text)
  }

  static func camelCasePath(_ path: String) throws -> String {
    var result = ""
    result.unicodeScalars.reserveCapacity(path.unicodeScalars.count)
    var afterUnderscore = false
    for scalar in path.unicodeScalars {
      if scalar.properties.isUppercase {
        throw JSONEncodingFailure(
          .invalidJSON,
          "Fail to print FieldMask to Json string: Path name \(path) must not contain uppercase letters")
      }
      if afterUnderscore {
        guard scalar.properties.isLowercase else {
          throw JSONEncodingFailure(
            .invalidJSON,
            "Fail to print FieldMask to Json string: The character after a \"_\" must be a lowercase letter in path name \(path)"
          )
        }
        result += scalar.properties.uppercaseMapping
        afterUnderscore = false
      } else if scalar == "_" {
        afterUnderscore = true
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    if afterUnderscore {
      throw JSONEncodingFailure(
        .invalidJSON, "Fail to print FieldMask to Json string: Trailing \"_\" in path name \(path)")
    }
    return result
  }

  // MARK: Struct, Value, ListValue

  /// `google.protobuf.Struct` as a JSON object.
  private mutating func writeStruct(_ message: DynamicMessage) throws {
    guard let (field, stored) = slot(message, 1) else {
      throw JSONEncodingFailure(.invalidJSON, "google.protobuf.Struct has no field 1")
    }
    var entries: [MapKey: ProtoValue] = [:]
    if case .map(let m)? = stored { entries = m }
    try writeMap(entries, field: field, pool: message.descriptor.pool)
  }

  /// `google.protobuf.ListValue` as a JSON array.
  private mutating func writeListValue(_ message: DynamicMessage) throws {
    guard let (field, stored) = slot(message, 1) else {
      throw JSONEncodingFailure(.invalidJSON, "google.protobuf.ListValue has no field 1")
    }
    var list = ProtoValue.list([])
    if case .list? = stored { list = stored! }
    try writeFieldValue(list, field: field, pool: message.descriptor.pool)
  }

  /// `google.protobuf.Value` as the JSON value of its kind; a Value with no kind set is `null`, as in Python's
  /// printer. A non-finite `number_value` is an error (it would read back as a string).
  private mutating func writeValue(_ message: DynamicMessage, info: MessageInfo, pool: PoolStorage) throws {
    let values = message.values
    for i in values.indices {
      guard let value = values[i] else { continue }
      if case .double(let d) = value, !d.isFinite {
        throw JSONEncodingFailure(
          .invalidJSON,
          "Fail to serialize \(d.isNaN ? "NaN" : "Infinity") for Value.number_value, which would parse as string_value"
        )
      }
      try writeSingle(value, field: info.fields[i], pool: pool)
      return
    }
    writer.null()
  }
}
