extension DynamicMessage {
  /// Reads ProtoJSON (UTF-8 bytes) into a message of the given type.
  ///
  /// Follows the ProtoJSON spec as Python protobuf's `json_format.Parse` applies it: fields by JSON name or proto
  /// name, `null` leaves a field unset, 64-bit integers exact as numbers or strings, the well-known types in their
  /// special forms, extensions as `"[full.name]"` keys. Decodes in one pass straight from the bytes (an `Any`
  /// whose `@type` is not its first key is scanned twice).
  ///
  /// - Throws: ``ProtoError`` with code `invalidJSON` and the JSON path of the offending value
  ///   (`$.addresses[2].city`), or `limitExceeded` when the input is larger than `options.maxInputBytes` or
  ///   nests deeper than `options.maxDepth` messages.
  public init(_ descriptor: MessageDescriptor, jsonUTF8: [UInt8], options: JSONDecodingOptions = .init()) throws {
    guard jsonUTF8.count <= options.maxInputBytes else {
      throw JSONValue.tooLarge(jsonUTF8.count, options.maxInputBytes)
    }
    self = try jsonUTF8.withUnsafeBufferPointer { try JSONMessageDecoder.decode(descriptor, $0, options) }
  }

  /// Reads ProtoJSON text into a message; see ``init(_:jsonUTF8:options:)``.
  public init(_ descriptor: MessageDescriptor, jsonString: String, options: JSONDecodingOptions = .init()) throws {
    var text = jsonString
    let count = text.utf8.count
    guard count <= options.maxInputBytes else { throw JSONValue.tooLarge(count, options.maxInputBytes) }
    self = try text.withUTF8 { try JSONMessageDecoder.decode(descriptor, $0, options) }
  }

  /// Reads an already parsed JSON value into a message; see ``init(_:jsonUTF8:options:)``.
  ///
  /// The value is written back to text and decoded, so the rules (duplicate keys included) are exactly those of
  /// the byte form.
  public init(_ descriptor: MessageDescriptor, json: JSONValue, options: JSONDecodingOptions = .init()) throws {
    try self.init(descriptor, jsonUTF8: json.jsonUTF8(), options: options)
  }
}

/// Building error paths while an error unwinds: each level prepends its component.
///
/// Paths use the keys as written in the input: `$` is the root, `.key` a message field (`.[pkg.ext]` for an
/// extension), `[3]` a list element, `["key"]` a map or `Struct` entry (the key as a JSON string literal).
enum JSONPath {
  static func prefix(_ error: any Error, _ component: String) -> ProtoError {
    guard var e = error as? ProtoError else {
      return ProtoError(.invalidJSON, "\(error)", path: component)
    }
    e.path = component + (e.path ?? "")
    return e
  }

  static func field(_ key: String) -> String { "." + key }
  static func index(_ i: Int) -> String { "[\(i)]" }
  static func mapKey(_ key: String) -> String { "[" + JSONValue.quoted(key) + "]" }
}

/// The streaming ProtoJSON decoder: reads tokens from a ``JSONScanner`` and builds ``DynamicMessage`` values.
struct JSONMessageDecoder {
  var scanner: JSONScanner
  let pool: PoolStorage
  let ignoreUnknown: Bool
  /// The maximum message nesting, counted as Python's `json_format` does (a `Value` counts twice).
  let maxDepth: Int
  var messageDepth = 0

  static func decode(
    _ descriptor: MessageDescriptor, _ buf: UnsafeBufferPointer<UInt8>, _ options: JSONDecodingOptions
  ) throws -> DynamicMessage {
    // Every message level opens at most two JSON containers (a list or map, then the object), so the structural
    // limit only matters for values skipped as unknown.
    let structural = options.maxDepth > Int.max / 4 ? Int.max : 2 * max(options.maxDepth, 0) + 2
    var decoder = JSONMessageDecoder(
      scanner: JSONScanner(buf, maxDepth: structural), pool: descriptor.pool,
      ignoreUnknown: options.ignoreUnknownFields, maxDepth: options.maxDepth)
    do {
      let message = try decoder.decodeMessage(descriptor.index, existing: nil)
      try decoder.scanner.expectEnd()
      return message
    } catch {
      var e = JSONPath.prefix(error, "")
      e.path = "$" + (e.path ?? "")
      throw e
    }
  }

  // MARK: Messages

  /// Decodes one message value (as Python's `ConvertMessage`): counts a nesting level, then reads the
  /// well-known type's special form or a JSON object of fields merged into `existing`.
  mutating func decodeMessage(_ index: Int, existing: DynamicMessage?) throws -> DynamicMessage {
    try enterMessage()
    defer { messageDepth -= 1 }
    let info = pool.messages[index]
    if let wkt = info.wellKnown, wkt != .empty {
      return try decodeWellKnown(wkt, index: index, existing: existing)
    }
    var message = existing ?? DynamicMessage(MessageDescriptor(pool: pool, index: index))
    try decodeFields(into: &message, index: index)
    return message
  }

  @inline(__always) mutating func enterMessage() throws {
    messageDepth += 1
    if messageDepth > maxDepth {
      throw ProtoError(.limitExceeded, "message nesting exceeds the maximum depth of \(maxDepth)")
    }
  }

  /// Reads a JSON object of fields into `message`. With `skippingType`, an `@type` key is skipped (the payload of
  /// an `Any`).
  mutating func decodeFields(
    into message: inout DynamicMessage, index: Int, skippingType: Bool = false
  ) throws {
    let info = pool.messages[index]
    let kind = try scanner.peekKind()
    guard kind == .object else { throw mismatch("object", kind) }
    guard try scanner.beginObject() else { return }
    var seen = SeenKeys()
    repeat {
      scanner.skipWhitespace()
      let keyOffset = scanner.pos
      let key = try scanner.readKey()
      let field: FieldInfo
      if let i = info.byJSONName[key] {
        guard seen.markField(i, byProtoName: false) else { throw duplicateKey(key, at: keyOffset) }
        field = info.fields[i]
      } else if let i = info.byName[key] {
        guard seen.markField(i, byProtoName: true) else { throw duplicateKey(key, at: keyOffset) }
        field = info.fields[i]
      } else {
        guard seen.markOther(key) else { throw duplicateKey(key, at: keyOffset) }
        if let ext = try extensionField(key, of: index) {
          field = ext
        } else if (skippingType && key == "@type") || ignoreUnknown {
          do { try scanner.skipValue() } catch { throw JSONPath.prefix(error, JSONPath.field(key)) }
          continue
        } else {
          throw ProtoError(.invalidJSON, "unknown field \(JSONValue.quoted(key)) in message \(info.fullName)")
        }
      }
      if scanner.nextIsNull() {
        do { try applyNull(field, to: &message) } catch { throw JSONPath.prefix(error, JSONPath.field(key)) }
        continue
      }
      let oneof = field.oneofIndex >= 0 ? field.oneofIndex : field.syntheticOneofIndex
      if oneof >= 0 && !seen.markOneof(oneof) {
        throw ProtoError(
          .invalidJSON,
          "more than one field of oneof \"\(info.proto.oneofDecl[oneof].name)\" is set (\(JSONValue.quoted(key)))")
      }
      do { try decodeValue(of: field, into: &message) } catch { throw JSONPath.prefix(error, JSONPath.field(key)) }
    } while try scanner.nextObjectMember()
  }

  /// An extension key `[full.name]` of this message; nil when the key has another form or names no extension.
  private func extensionField(_ key: String, of messageIndex: Int) throws -> FieldInfo? {
    let utf8 = key.utf8
    guard utf8.count >= 2, utf8.first == UInt8(ascii: "["), utf8.last == UInt8(ascii: "]") else { return nil }
    let name = key.dropFirst().dropLast()
    let valid = name.utf8.allSatisfy { b in
      switch b {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"):
        true
      default: false
      }
    }
    guard valid else { return nil }
    let info = pool.messages[messageIndex]
    guard !info.proto.extensionRange.isEmpty else {
      throw ProtoError(.invalidJSON, "message \(info.fullName) has no extensions, but the key is \(JSONValue.quoted(key))")
    }
    for candidate in [String(name), name.split(separator: ".").dropLast().joined(separator: ".")] {
      if let x = pool.extensionByName[candidate], pool.extensions[x].containingIndex == messageIndex {
        return pool.extensions[x]
      }
    }
    return nil
  }

  // MARK: Field values

  /// `null` as a field's value: unset, except for `google.protobuf.Value` (a null value) and the `NullValue` enum.
  private mutating func applyNull(_ field: FieldInfo, to message: inout DynamicMessage) throws {
    let isValue = field.messageIndex >= 0 && pool.messages[field.messageIndex].wellKnown == .value
    let isNullEnum = field.enumIndex >= 0 && pool.enums[field.enumIndex].fullName == "google.protobuf.NullValue"
    if (isValue || isNullEnum) && field.label == .repeated {
      throw ProtoError(.invalidJSON, "expected array, got null")
    }
    try scanner.readNull()
    if isValue {
      store(field, .message(try nullValue(field.messageIndex)), in: &message)
    } else {
      store(field, isNullEnum ? .enumNumber(0) : nil, in: &message)
    }
  }

  /// Decodes a non-null value for a field and stores it.
  private mutating func decodeValue(of field: FieldInfo, into message: inout DynamicMessage) throws {
    if field.isMap {
      store(field, .map(try decodeMap(field)), in: &message)
    } else if field.label == .repeated {
      store(field, .list(try decodeList(field)), in: &message)
    } else if field.type == .message || field.type == .group {
      // A field given twice (by JSON name and proto name) merges, as in Python.
      var existing: DynamicMessage?
      if field.isExtension {
        existing = message.extensionValues[field.number]?.messageValue
      } else if let old = message.values[field.index] {
        existing = old.messageValue
        message.values[field.index] = nil
      }
      store(field, .message(try decodeMessage(field.messageIndex, existing: existing)), in: &message)
    } else if let value = try decodeScalar(field) {
      store(field, value, in: &message)
    }
  }

  /// Stores a field's value; zero values of fields without presence (and empty lists and maps) are stored as unset.
  @inline(__always) func store(_ field: FieldInfo, _ value: ProtoValue?, in message: inout DynamicMessage) {
    var value = value
    if let v = value, !field.hasPresence, v.isZero { value = nil }
    if field.isExtension {
      message.extensionValues[field.number] = value
    } else {
      message.setSlot(field, value)
    }
  }

  private mutating func decodeList(_ field: FieldInfo) throws -> [ProtoValue] {
    let kind = try scanner.peekKind()
    guard kind == .array else { throw mismatch("array", kind) }
    var items: [ProtoValue] = []
    guard try scanner.beginArray() else { return items }
    let isMessage = field.type == .message || field.type == .group
    // google.protobuf.Value and NullValue are the two types whose value may be JSON null.
    let nullAllowed = isMessage
      ? pool.messages[field.messageIndex].wellKnown == .value
      : field.enumIndex >= 0 && pool.enums[field.enumIndex].fullName == "google.protobuf.NullValue"
    var i = 0
    repeat {
      do {
        if !nullAllowed && scanner.nextIsNull() {
          throw ProtoError(.invalidJSON, "null is not allowed in a repeated field")
        }
        if isMessage {
          items.append(.message(try decodeMessage(field.messageIndex, existing: nil)))
        } else if let value = try decodeScalar(field) {
          items.append(value)
        }
      } catch {
        throw JSONPath.prefix(error, JSONPath.index(i))
      }
      i += 1
    } while try scanner.nextArrayElement()
    return items
  }

  // MARK: Errors

  func mismatch(_ expected: String, _ got: JSONKind) -> ProtoError {
    ProtoError(.invalidJSON, "expected \(expected), got \(got.name)")
  }

  func duplicateKey(_ key: String, at offset: Int) -> ProtoError {
    ProtoError(.invalidJSON, "duplicate key \(JSONValue.quoted(key)) at \(scanner.location(offset))")
  }
}
