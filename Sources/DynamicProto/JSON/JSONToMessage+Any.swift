extension JSONMessageDecoder {
  /// `google.protobuf.Any`: `{"@type": "<prefix>/<full.Name>", ...fields}`, or for a well-known payload with a
  /// special form `{"@type": ..., "value": <that form>}`. `@type` may come after the other keys: the object is
  /// then scanned up to it first, and decoded from its start. The payload is stored serialized with the binary encoder. `{}` is an
  /// empty Any (and leaves an `Any` given earlier under the other field name as it was, as in Python).
  mutating func decodeAny(index: Int, existing: DynamicMessage?) throws -> DynamicMessage {
    let info = pool.messages[index]
    let kind = try scanner.peekKind()
    guard kind == .object else { throw mismatch("object", kind) }
    let start = scanner.pos
    let startDepth = scanner.depth
    guard try scanner.beginObject() else {
      return existing ?? DynamicMessage(MessageDescriptor(pool: pool, index: index))
    }
    let typeURL = try findTypeURL()
    // As Python: the type name is what follows the last "/" (any prefix, or none, is accepted).
    let typeName = typeURL.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
    guard case .message(let payloadIndex)? = pool.symbols[typeName] else {
      throw ProtoError(.invalidJSON, "unknown message type \(JSONValue.quoted(typeURL)) in \"@type\"", path: ".@type")
    }
    scanner.pos = start
    scanner.depth = startDepth
    let payloadInfo = pool.messages[payloadIndex]
    var payload: DynamicMessage
    if let wkt = payloadInfo.wellKnown, wkt != .empty {
      payload = try decodeWellKnownPayload(wkt, index: payloadIndex)
    } else {
      payload = DynamicMessage(MessageDescriptor(pool: pool, index: payloadIndex))
      try decodeFields(into: &payload, index: payloadIndex, skippingType: true)
    }
    var any = DynamicMessage(MessageDescriptor(pool: pool, index: index))
    store(try wktField(info, 1), .string(typeURL), in: &any)
    store(try wktField(info, 2), .bytes(payload.serializedBytes()), in: &any)
    return any
  }

  /// The first pass over an Any's object (just opened): reads up to the `@type` string (the first key, usually,
  /// so this costs nothing). Duplicate keys are caught by the second pass.
  private mutating func findTypeURL() throws -> String {
    repeat {
      let key = try scanner.readKey()
      if key == "@type" {
        let kind = try scanner.peekKind()
        guard kind == .string else { throw JSONPath.prefix(mismatch("type URL string", kind), ".@type") }
        return try scanner.readString()
      }
      do { try scanner.skipValue() } catch { throw JSONPath.prefix(error, JSONPath.field(key)) }
    } while try scanner.nextObjectMember()
    throw ProtoError(.invalidJSON, "missing \"@type\" in google.protobuf.Any")
  }

  /// The second pass for a well-known payload: its special form under `"value"`. Wrappers are read directly;
  /// other types count a nesting level (as Python's `ConvertMessage`).
  private mutating func decodeWellKnownPayload(_ wkt: WellKnownType, index: Int) throws -> DynamicMessage {
    _ = try scanner.beginObject()
    var payload: DynamicMessage?
    var seen: Set<String> = []
    repeat {
      scanner.skipWhitespace()
      let keyOffset = scanner.pos
      let key = try scanner.readKey()
      guard seen.insert(key).inserted else { throw duplicateKey(key, at: keyOffset) }
      guard key == "value" || key == "@type" || ignoreUnknown else {
        throw ProtoError(
          .invalidJSON,
          "unknown field \(JSONValue.quoted(key)) in google.protobuf.Any holding \(pool.messages[index].fullName)"
            + " (its JSON form goes under \"value\")")
      }
      do {
        if key == "value" {
          payload =
            wkt.isWrapper
            ? try decodeWellKnown(wkt, index: index, existing: nil) : try decodeMessage(index, existing: nil)
        } else {
          try scanner.skipValue()
        }
      } catch {
        throw JSONPath.prefix(error, JSONPath.field(key))
      }
    } while try scanner.nextObjectMember()
    guard let payload else {
      throw ProtoError(
        .invalidJSON, "missing \"value\" in google.protobuf.Any holding \(pool.messages[index].fullName)")
    }
    return payload
  }
}
