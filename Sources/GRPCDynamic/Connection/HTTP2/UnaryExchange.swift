import GRPCCore
import NIOCore
import NIOHPACK
import NIOHTTP1

/// What one unary exchange on a ``UnaryHTTP2Handler`` produced: the response headers (when they came), the one
/// response message, the status and trailers — or why it failed.
struct UnaryOutcome: Sendable {
  var headers: Metadata?
  var message: [UInt8]?
  var result: Result<Metadata, RPCError>
  /// The server never processed the call (its stream was above a GOAWAY's last stream ID, refused with
  /// REFUSED_STREAM, or the connection was closing before it started): safe to send again on a new connection.
  var unprocessed = false
}

/// The client side of one gRPC unary exchange on one HTTP/2 stream, fed the server's frames: headers (a 1xx
/// skipped; non-200 or a missing `content-type` mapped to a status as gRPC's HTTP mapping says), the
/// length-prefixed response message (at most one, at most `maxResponseBytes`, uncompressed: no encoding is
/// offered), then trailers with `grpc-status` and `grpc-message` (percent-decoded), or a trailers-only response.
///
/// The checks and messages are grpc-swift-nio-transport's, so calls read the same whichever path carried them.
/// Lives on the connection's event loop; completes its promise exactly once.
struct UnaryExchange {
  private enum Phase {
    case awaitingHeaders
    case receiving
    case done
  }

  private var phase = Phase.awaitingHeaders
  /// Received message bytes not yet parsed.
  private var buffer = ByteBuffer()
  private var headers: Metadata?
  private var message: [UInt8]?
  private let maxResponseBytes: Int
  let promise: EventLoopPromise<UnaryOutcome>
  /// When the call was started.
  let startedAt = NIODeadline.now()

  init(maxResponseBytes: Int, promise: EventLoopPromise<UnaryOutcome>) {
    self.maxResponseBytes = maxResponseBytes
    self.promise = promise
  }

  /// Whether the exchange has completed (nothing more to read).
  var isDone: Bool {
    if case .done = phase { return true }
    return false
  }

  /// A HEADERS frame from the server. Returns false when the exchange failed and the stream should be reset.
  mutating func receive(headers block: HPACKHeaders, endStream: Bool) -> Bool {
    switch phase {
    case .awaitingHeaders:
      if let status = block.first(name: ":status"), status != "200", block.first(name: "grpc-status") == nil {
        guard let code = Int(status) else {
          return fail(RPCError(code: .unknown, message: "HTTP Status Code is missing.", metadata: Metadata(block)))
        }
        if (100...199).contains(code) { return true }
        return fail(
          RPCError(
            code: Self.code(httpStatus: code), message: "Unexpected non-200 HTTP Status Code (\(Self.reason(code))).",
            metadata: Metadata(block)))
      }
      guard block.first(name: ":status") != nil || block.first(name: "grpc-status") != nil else {
        return fail(RPCError(code: .unknown, message: "HTTP Status Code is missing.", metadata: Metadata(block)))
      }
      guard let contentType = block.first(name: "content-type"), contentType.hasPrefix("application/grpc") else {
        return fail(
          RPCError(code: .internalError, message: "Missing content-type header", metadata: Metadata(block)))
      }
      if endStream {
        finish(trailers: block)
        return true
      }
      if let encoding = block.first(name: "grpc-encoding"), encoding != "identity" {
        return fail(
          RPCError(
            code: .internalError,
            message: "The server picked a compression algorithm ('\(encoding)') the client does not know about.",
            metadata: Metadata(block)))
      }
      headers = Metadata(block)
      phase = .receiving
      return true
    case .receiving:
      finish(trailers: block)
      return true
    case .done:
      return true
    }
  }

  /// A DATA frame's bytes. Returns false when the exchange failed and the stream should be reset.
  mutating func receive(data: ByteBuffer, endStream: Bool) -> Bool {
    guard case .receiving = phase else {
      if case .done = phase { return true }
      return fail(RPCError(code: .internalError, message: "Received a message before the response headers."))
    }
    buffer.writeImmutableBuffer(data)
    while buffer.readableBytes >= 5 {
      let compressed = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self)! != 0
      let length = Int(buffer.getInteger(at: buffer.readerIndex + 1, as: UInt32.self)!)
      if length > maxResponseBytes {
        return fail(
          RPCError(
            code: .resourceExhausted,
            message: "Message has exceeded the configured maximum payload size (max: \(maxResponseBytes), actual: "
              + "\(length))"))
      }
      if compressed {
        return fail(
          RPCError(
            code: .internalError,
            message: "Received a compressed message payload, but no decompressor has been configured."))
      }
      guard buffer.readableBytes >= 5 + length else { break }
      buffer.moveReaderIndex(forwardBy: 5)
      guard message == nil else {
        return fail(
          RPCError(
            code: .unimplemented,
            message: "Multiple messages received, but only one is expected. The server may have incorrectly "
              + "implemented the RPC or the client and server may have a different opinion on whether this "
              + "RPC streams responses."))
      }
      message = buffer.readBytes(length: length)
    }
    buffer.discardReadBytes()
    if endStream {
      return fail(RPCError(code: .internalError, message: "The server ended the stream without a status."))
    }
    return true
  }

  /// The stream ended without a status: reset by the server, the connection closed or went away.
  mutating func fail(_ error: RPCError, unprocessed: Bool = false) -> Bool {
    guard !isDone else { return false }
    phase = .done
    promise.succeed(
      UnaryOutcome(headers: headers, message: message, result: .failure(error), unprocessed: unprocessed))
    return false
  }

  private mutating func finish(trailers block: HPACKHeaders) {
    phase = .done
    var trailers = Metadata(block)
    trailers.removeAllValues(forKey: "grpc-status")
    trailers.removeAllValues(forKey: "grpc-message")
    let statusText = block.first(name: "grpc-status")
    let result: Result<Metadata, RPCError>
    if let value = statusText.flatMap({ Int($0) }), let code = Status.Code(rawValue: value) {
      let text = block.first(name: "grpc-message").map(Self.percentDecoded) ?? ""
      let error = RPCError(status: Status(code: code, message: text), metadata: trailers)
      result = error.map { .failure($0) } ?? .success(trailers)
    } else {
      let text =
        statusText.map { "Invalid 'grpc-status' in trailers (\($0))" } ?? "No 'grpc-status' value in trailers"
      result = .failure(RPCError(code: .unknown, message: text, metadata: trailers))
    }
    promise.succeed(UnaryOutcome(headers: headers, message: message, result: result))
  }

  /// gRPC's mapping of HTTP statuses to codes.
  static func code(httpStatus: Int) -> RPCError.Code {
    switch httpStatus {
    case 400: .internalError
    case 401: .unauthenticated
    case 403: .permissionDenied
    case 404: .unimplemented
    case 429, 502, 503, 504: .unavailable
    default: .unknown
    }
  }

  private static func reason(_ code: Int) -> String {
    "\(HTTPResponseStatus(statusCode: code))"
  }

  /// `grpc-message` is percent-encoded; a malformed escape is kept as is.
  static func percentDecoded(_ text: String) -> String {
    guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    var utf8 = Array(text.utf8)[...]
    while let byte = utf8.popFirst() {
      if byte == UInt8(ascii: "%"), utf8.count >= 2, let high = Self.hex(utf8[utf8.startIndex]),
        let low = Self.hex(utf8[utf8.startIndex + 1])
      {
        bytes.append(high << 4 | low)
        utf8.removeFirst(2)
      } else {
        bytes.append(byte)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func hex(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}

extension Metadata {
  /// Received HTTP/2 headers as metadata, as grpc-swift's transport makes them: every field in order, `-bin`
  /// values base64-decoded, padded or not (kept as text when they are not base64).
  init(_ headers: HPACKHeaders) {
    self.init()
    reserveCapacity(headers.count)
    for header in headers {
      if header.name.hasSuffix("-bin"), let bytes = RPCMetadata.decodeBase64(header.value) {
        addBinary(bytes, forKey: header.name)
      } else {
        addString(header.value, forKey: header.name)
      }
    }
  }
}
