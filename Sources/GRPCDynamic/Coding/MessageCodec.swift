import DynamicProto

/// JSON and binary conversions for request and response messages, in one place.
///
/// Everything the client does with message bodies goes through here: JSON text in (with the caller's decoding
/// options), protobuf binary over the wire, JSON text out (with the caller's encoding options).
struct MessageCodec: Sendable {
  var decoding: JSONDecodingOptions
  var encoding: JSONEncodingOptions

  /// Parses a request's JSON into wire bytes.
  ///
  /// - Throws: ``DynamicClientError`` `.invalidRequest` carrying the codec's field path.
  func requestBytes(json: String, type: MessageDescriptor) throws(DynamicClientError) -> [UInt8] {
    do {
      return try Self.decodeJSON(json, type: type, options: decoding).serializedBytes()
    } catch let error as ProtoError {
      throw DynamicClientError(
        .invalidRequest, "invalid request for \(type.fullName): \(error.description)", path: error.path, cause: error)
    } catch {
      throw DynamicClientError(.invalidRequest, "invalid request for \(type.fullName): \(error)", cause: error)
    }
  }

  /// Decodes a response's wire bytes.
  func responseMessage(bytes: [UInt8], type: MessageDescriptor) throws(DynamicClientError) -> DynamicMessage {
    do {
      return try DynamicMessage(type, binary: bytes)
    } catch {
      throw DynamicClientError(
        .invalidResponse, "the server sent a \(type.fullName) that does not decode: \(error.description)",
        cause: error)
    }
  }

  /// Decodes a response's wire bytes and renders it as JSON: what the client hands its caller per response.
  func response(bytes: [UInt8], type: MessageDescriptor) throws(DynamicClientError) -> ResponseMessage {
    let message = try responseMessage(bytes: bytes, type: type)
    return ResponseMessage(message: message, json: try json(message))
  }

  /// Renders a message as JSON text.
  func json(_ message: DynamicMessage) throws(DynamicClientError) -> String {
    do {
      return try Self.encodeJSON(message, options: encoding)
    } catch {
      throw DynamicClientError(
        .invalidResponse, "cannot render \(message.descriptor.fullName) as JSON: \(error)", cause: error)
    }
  }

  // The two calls into DynamicProto's JSON codec.

  static func decodeJSON(_ json: String, type: MessageDescriptor, options: JSONDecodingOptions) throws
    -> DynamicMessage
  {
    try DynamicMessage(type, jsonString: json, options: options)
  }

  static func encodeJSON(_ message: DynamicMessage, options: JSONEncodingOptions) throws -> String {
    try message.jsonString(options: options)
  }
}
