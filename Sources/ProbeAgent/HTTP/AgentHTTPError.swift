import Foundation
import Hummingbird

/// An error answer of the agent's listener: an HTTP status and a JSON body `{"error": {"code", "message"}}`.
///
/// `code` is a stable snake_case identifier for scripts (`target_not_found`, `reload_failed`); `message` says
/// what to do about it. Every error the listener returns has this shape, including Hummingbird's own 404/405 and
/// unexpected failures (see ``JSONErrorMiddleware``).
public struct AgentHTTPError: HTTPResponseError, CustomStringConvertible, Sendable {
  public var status: HTTPResponse.Status
  public var code: String
  public var message: String
  /// Who produced the error, for REST invoke answers: `"reflectprobe"` (the agent) or `"upstream"` (the target
  /// server); nil leaves it out of the body.
  public var source: String?

  public init(_ status: HTTPResponse.Status, code: String, message: String, source: String? = nil) {
    self.status = status
    self.code = code
    self.message = message
    self.source = source
  }

  public var description: String { "\(status.code) \(code): \(message)" }

  /// The JSON body.
  public var body: [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(Body(error: .init(code: code, message: message), source: source))) ?? Data("{}".utf8)
    return Array(data) + [UInt8(ascii: "\n")]
  }

  private struct Body: Encodable {
    struct Inner: Encodable {
      var code: String
      var message: String
    }
    var error: Inner
    var source: String?
  }

  public func response(from request: Request, context: some RequestContext) throws -> Response {
    Response(
      status: status, headers: [.contentType: "application/json; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
  }
}
