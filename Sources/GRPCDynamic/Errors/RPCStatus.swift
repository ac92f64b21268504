import DynamicProto

/// The outcome of a call: a status code, the server's message, and the `google.rpc.Status` details the server sent
/// in `grpc-status-details-bin` (rich errors: ErrorInfo, BadRequest, RetryInfo, ...).
public struct RPCStatus: Sendable, Hashable, CustomStringConvertible {
  /// The status code.
  public var code: RPCStatusCode
  /// The status message (`grpc-message`), possibly empty.
  public var message: String
  /// The `Any` details of `grpc-status-details-bin`, in order; empty when the server sent none.
  public var details: [RPCStatusDetail]

  public init(code: RPCStatusCode, message: String = "", details: [RPCStatusDetail] = []) {
    self.code = code
    self.message = message
    self.details = details
  }

  /// A successful call.
  public static let ok = RPCStatus(code: .ok)

  public var isOK: Bool { code == .ok }

  /// grpcurl's error text: `Code: NOT_FOUND` / `Message: ...` / one `Details:` block per detail.
  public var description: String {
    var lines = ["Code: \(code.name)", "Message: \(message)"]
    if !details.isEmpty {
      lines.append("Details:")
      for (i, detail) in details.enumerated() {
        lines.append("\(i + 1)) \(detail.json(indent: nil))")
      }
    }
    return lines.joined(separator: "\n")
  }

  /// The status as `google.rpc.Status` JSON (grpcurl's `-format-error`):
  /// `{"code": 5, "message": "...", "details": [{"@type": "...", ...}]}`.
  public func json(indent: Int? = 2) -> String {
    var text = JSONText(indent: indent)
    text.openObject()
    text.key("code")
    text.raw(String(code.rawValue))
    text.key("message")
    text.string(message)
    if !details.isEmpty {
      text.key("details")
      text.openArray()
      for detail in details {
        text.element()
        text.raw(detail.json(indent: indent, depth: text.depth))
      }
      text.closeArray()
    }
    text.closeObject()
    return text.result
  }
}

/// One `google.protobuf.Any` of a `google.rpc.Status`: its type and its value, decoded when the type is known.
public struct RPCStatusDetail: Sendable, Hashable {
  /// `type.googleapis.com/google.rpc.BadRequest`.
  public var typeURL: String
  /// The packed message's serialized bytes.
  public var value: [UInt8]
  /// The decoded `Any` (type_url + value), resolvable when the type is in the pool used to decode it.
  let any: DynamicMessage?

  /// The fully-qualified type name: the part of ``typeURL`` after its last `/`.
  public var typeName: String {
    typeURL.split(separator: "/").last.map(String.init) ?? typeURL
  }

  /// The detail as ProtoJSON (`{"@type": "...", "reason": ...}`); when the type is unknown, or its value does not
  /// decode, `{"@type": "...", "value": "<base64>"}`.
  public func json(indent: Int? = nil) -> String { json(indent: indent, depth: 0) }

  func json(indent: Int?, depth: Int) -> String {
    if let any, let text = try? MessageCodec.encodeJSON(any, options: JSONEncodingOptions(indent: indent)) {
      return JSONText.reindent(text, indent: indent, depth: depth)
    }
    var text = JSONText(indent: indent, depth: depth)
    text.openObject()
    text.key("@type")
    text.string(typeURL)
    text.key("value")
    text.string(base64(value))
    text.closeObject()
    return text.result
  }

  public static func == (a: Self, b: Self) -> Bool { a.typeURL == b.typeURL && a.value == b.value }
  public func hash(into hasher: inout Hasher) {
    hasher.combine(typeURL)
    hasher.combine(value)
  }
}
