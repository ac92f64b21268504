/// `google.protobuf.Any`: the payload decoded with the type named by its URL, resolved in the message's own pool.
extension JSONMessageEncoder {
  /// Writes `{"@type": url, ...fields}` for a regular payload, `{"@type": url, "value": ...}` for a well-known type
  /// with a special form, and `{}` for an Any with nothing set — as protobuf's Python printer does (which also
  /// writes an `Empty` payload as `{"@type": url}` with no `"value"`).
  mutating func writeAny(_ message: DynamicMessage) throws {
    var typeURL = ""
    var payload: [UInt8] = []
    if case .string(let s)? = slot(message, 1)?.value { typeURL = s }
    if case .bytes(let b)? = slot(message, 2)?.value { payload = b }
    try enter()
    writer.openObject()
    if typeURL.isEmpty && payload.isEmpty {
      writer.closeObject(empty: true)
      leave()
      return
    }
    let inner = try Self.unpack(typeURL: typeURL, payload: payload, pool: message.descriptor.descriptorPool)
    var first = true
    writer.beginElement(first: &first)
    writer.key("@type")
    writer.string(typeURL)
    let info = inner.descriptor.info
    let innerPool = inner.descriptor.pool
    if let kind = info.wellKnown, kind != .empty {
      writer.beginElement(first: &first)
      writer.key("value")
      do {
        try writeWellKnown(kind, inner, info: info, pool: innerPool)
      } catch var failure as JSONEncodingFailure {
        failure.reversedPath.append(".value")
        throw failure
      }
    } else {
      try writeFields(of: inner, info: info, pool: innerPool, first: &first)
    }
    writer.closeObject(empty: false)
    leave()
  }

  /// Decodes an Any's payload as the message type named by the URL's last path segment.
  static func unpack(typeURL: String, payload: [UInt8], pool: DescriptorPool) throws -> DynamicMessage {
    let typeName: Substring
    if let slash = typeURL.utf8.lastIndex(of: UInt8(ascii: "/")) {
      typeName = typeURL[typeURL.utf8.index(after: slash)...]
    } else {
      typeName = typeURL[...]
    }
    guard !typeName.isEmpty, !typeName.hasPrefix("."), let descriptor = pool.message(named: String(typeName)) else {
      throw JSONEncodingFailure(
        .invalidJSON, "cannot resolve the type of google.protobuf.Any: no message type for type URL \"\(typeURL)\"")
    }
    do {
      return try DynamicMessage(descriptor, binary: payload)
    } catch {
      throw JSONEncodingFailure(
        error.code, "google.protobuf.Any value is not a valid \(descriptor.fullName): \(error.message)")
    }
  }
}
