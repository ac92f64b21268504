extension JSONMessageDecoder {
  /// Reads a scalar field value (not a message). Nil means "skip it": an unknown enum name with
  /// `ignoreUnknownFields`.
  mutating func decodeScalar(_ field: FieldInfo) throws -> ProtoValue? {
    switch field.type {
    case .int32, .sint32, .sfixed32, .int64, .sint64, .sfixed64, .uint32, .fixed32, .uint64, .fixed64:
      return try readInteger(field.type)
    case .float:
      return .float(Float(try readFloating(isFloat: true)))
    case .double:
      return .double(try readFloating(isFloat: false))
    case .bool:
      let kind = try scanner.peekKind()
      guard kind == .bool else { throw mismatch("true or false", kind) }
      return .bool(try scanner.readBool())
    case .string:
      let kind = try scanner.peekKind()
      guard kind == .string else { throw mismatch("string", kind) }
      return .string(try scanner.readString())
    case .bytes:
      let kind = try scanner.peekKind()
      guard kind == .string else { throw mismatch("base64 string", kind) }
      let raw = try scanner.readRawString()
      guard let bytes = scanner.withBytes(raw, Base64Decoder.decode) else {
        throw ProtoError(.invalidJSON, "invalid base64 \(JSONValue.quoted(scanner.text(of: raw)))")
      }
      return .bytes(bytes)
    case .enum:
      if scanner.nextIsNull() && pool.enums[field.enumIndex].fullName == "google.protobuf.NullValue" {
        try scanner.readNull()
        return .enumNumber(0)
      }
      return try readEnum(field)
    case .message, .group:
      throw ProtoError(.invalidJSON, "expected object, got a scalar")
    }
  }

  /// An integer field: a JSON number or a string holding one; integral exponent forms (`1e2`) are accepted.
  mutating func readInteger(_ type: FieldType) throws -> ProtoValue {
    let kind = try scanner.peekKind()
    switch kind {
    case .number:
      let token = try scanner.readNumber()
      let p = UnsafeBufferPointer(rebasing: scanner.buf[token.start..<token.end])
      let parsed = JSONNumbers.parseInteger(p, isJSONInteger: token.isInteger)
      return try Self.integerValue(parsed, type, text: { String(decoding: p, as: UTF8.self) })
    case .string:
      let raw = try scanner.readRawString()
      return try scanner.withBytes(raw) { p in
        try Self.integerValue(JSONNumbers.parseInteger(p), type, text: { String(decoding: p, as: UTF8.self) })
      }
    default:
      throw mismatch("number or string", kind)
    }
  }

  /// Converts a parsed integer to a value of an integer field type, checking its range exactly.
  static func integerValue(_ parsed: JSONIntegerText, _ type: FieldType, text: () -> String) throws -> ProtoValue {
    let name = type.protoKeyword ?? "integer"
    switch type {
    case .int32, .sint32, .sfixed32:
      return .int32(Int32(try signed(parsed, min: Int64(Int32.min), max: Int64(Int32.max), name, text)))
    case .uint32, .fixed32:
      return .uint32(UInt32(try unsigned(parsed, max: UInt64(UInt32.max), name, text)))
    case .uint64, .fixed64:
      return .uint64(try unsigned(parsed, max: UInt64.max, name, text))
    default:
      return .int64(try signed(parsed, min: Int64.min, max: Int64.max, name, text))
    }
  }

  static func signed(
    _ parsed: JSONIntegerText, min: Int64, max: Int64, _ name: String, _ text: () -> String
  ) throws -> Int64 {
    switch parsed {
    case .exact(let negative, let magnitude, let overflow):
      if !overflow {
        if negative && magnitude <= 1 << 63 {
          let v = magnitude == 1 << 63 ? Int64.min : -Int64(magnitude)
          if v >= min { return v }
        } else if !negative && magnitude <= UInt64(max) {
          return Int64(magnitude)
        }
      }
      throw ProtoError(.invalidJSON, "value \(text()) overflows \(name)")
    case .double(let d):
      guard d.isFinite, d.rounded(.towardZero) == d else {
        throw ProtoError(.invalidJSON, "value \(text()) is not an integer")
      }
      guard let v = Int64(exactly: d), v >= min, v <= max else {
        throw ProtoError(.invalidJSON, "value \(text()) overflows \(name)")
      }
      return v
    case .invalid:
      throw ProtoError(.invalidJSON, "invalid value \(JSONValue.quoted(text())) for \(name)")
    }
  }

  static func unsigned(_ parsed: JSONIntegerText, max: UInt64, _ name: String, _ text: () -> String) throws -> UInt64 {
    switch parsed {
    case .exact(let negative, let magnitude, let overflow):
      if !overflow && (!negative || magnitude == 0) && magnitude <= max { return magnitude }
      throw ProtoError(.invalidJSON, "value \(text()) overflows \(name)")
    case .double(let d):
      guard d.isFinite, d.rounded(.towardZero) == d else {
        throw ProtoError(.invalidJSON, "value \(text()) is not an integer")
      }
      guard let v = UInt64(exactly: d), v <= max else {
        throw ProtoError(.invalidJSON, "value \(text()) overflows \(name)")
      }
      return v
    case .invalid:
      throw ProtoError(.invalidJSON, "invalid value \(JSONValue.quoted(text())) for \(name)")
    }
  }

  /// A float or double field: a JSON number, a string holding one, or `"NaN"`, `"Infinity"`, `"-Infinity"`.
  ///
  /// As in Python, a JSON number beyond the type's finite range is an error, while a string one becomes infinity.
  mutating func readFloating(isFloat: Bool) throws -> Double {
    let name = isFloat ? "float" : "double"
    let kind = try scanner.peekKind()
    switch kind {
    case .number:
      let token = try scanner.readNumber()
      let p = UnsafeBufferPointer(rebasing: scanner.buf[token.start..<token.end])
      let d = JSONNumbers.parseJSONDouble(p)
      if d.isInfinite || (isFloat && Float(d).isInfinite) {
        throw ProtoError(.invalidJSON, "value \(String(decoding: p, as: UTF8.self)) overflows \(name)")
      }
      return d
    case .string:
      let raw = try scanner.readRawString()
      return try scanner.withBytes(raw) { p in
        if Self.equals(p, "NaN") { return .nan }
        if Self.equals(p, "Infinity") { return .infinity }
        if Self.equals(p, "-Infinity") { return -.infinity }
        if JSONNumbers.isDecimalText(p), let d = JSONNumbers.parseDouble(p) { return d }
        throw ProtoError(.invalidJSON, "invalid value \(JSONValue.quoted(String(decoding: p, as: UTF8.self))) for \(name)")
      }
    default:
      throw mismatch("number or string", kind)
    }
  }

  @inline(__always) static func equals(_ p: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
    guard p.count == word.utf8CodeUnitCount else { return false }
    let w = word.utf8Start
    for i in 0..<p.count where p[i] != w[i] { return false }
    return true
  }

  /// An enum field: a value name, or a number (as a JSON number or a string). Unknown numbers are kept for open
  /// enums and rejected for closed ones; an unknown name is an error, or skipped with `ignoreUnknownFields`.
  mutating func readEnum(_ field: FieldInfo) throws -> ProtoValue? {
    let e = pool.enums[field.enumIndex]
    let kind = try scanner.peekKind()
    switch kind {
    case .string:
      let name = try scanner.readString()
      if let n = e.numberByName[name] { return .enumNumber(n) }
      var text = name
      let parsed = text.withUTF8 { JSONNumbers.parseInteger($0) }
      if case .exact = parsed { return try Self.enumNumber(parsed, e, text: name) }
      if ignoreUnknown { return nil }
      throw ProtoError(.invalidJSON, "invalid value \(JSONValue.quoted(name)) for enum \(e.fullName)")
    case .number:
      let token = try scanner.readNumber()
      let p = UnsafeBufferPointer(rebasing: scanner.buf[token.start..<token.end])
      let parsed = JSONNumbers.parseInteger(p, isJSONInteger: token.isInteger)
      return try Self.enumNumber(parsed, e, text: String(decoding: p, as: UTF8.self))
    default:
      throw mismatch("enum name or number", kind)
    }
  }

  private static func enumNumber(_ parsed: JSONIntegerText, _ e: EnumInfo, text: String) throws -> ProtoValue {
    if let v = try? signed(parsed, min: Int64(Int32.min), max: Int64(Int32.max), "enum", { text }) {
      let n = Int32(v)
      if !e.isClosed || e.nameByNumber[n] != nil { return .enumNumber(n) }
    }
    throw ProtoError(.invalidJSON, "invalid value \(text) for enum \(e.fullName)")
  }
}
