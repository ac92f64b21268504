import GRPCCore

/// Passes already-serialized protobuf bytes to grpc-swift unchanged: the dynamic codec does the real work.
struct RawBytesSerializer: MessageSerializer {
  func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
}

/// Hands received message bytes over unchanged, enforcing the receive limit.
///
/// The limit is checked here rather than only in the transport because grpc-swift's HTTP/2 transport reports an
/// oversize message as INTERNAL "Failed to decode message", mostly without the sizes; here it becomes grpc-go's
/// RESOURCE_EXHAUSTED with both sizes. The transport's own limit is set higher (see ``transportLimit(for:)``).
struct RawBytesDeserializer: MessageDeserializer {
  /// Largest accepted message.
  var limit: Int

  /// A received message over the limit.
  struct TooLarge: Error {
    var size: Int
    var limit: Int
  }

  func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
    guard serializedMessageBytes.count <= limit else {
      throw TooLarge(size: serializedMessageBytes.count, limit: limit)
    }
    return serializedMessageBytes.withUnsafeBytes { Array($0) }
  }

  /// The transport-level limit for a user limit: a margin above it, so the precise check above sees most
  /// oversize messages, while memory stays bounded.
  static func transportLimit(for limit: Int) -> Int {
    max(limit, min(limit.multipliedReportingOverflow(by: 4).overflow ? Int.max : limit * 4, 64 << 20))
  }
}
