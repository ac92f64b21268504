import Foundation

/// The body of `POST /api/v1/targets/{target}/invoke`:
/// `{service, method, request | requests[], metadata, timeoutMs, maxResponses}`.
///
/// `method` alone may also be `pkg.Service/Method`. Requests are JSON objects in the method's input type
/// (ProtoJSON: either the proto field name or its lowerCamelCase JSON name). Invalid bodies are 400
/// `invalid_body`.
struct InvokeRequest {
  /// Bodies larger than this are refused.
  static let maxBodyBytes = 4 << 20
  static let defaultTimeout = Duration.seconds(10)
  static let maxTimeout = Duration.seconds(60)
  static let defaultMaxResponses = 100
  static let maxMaxResponses = 10_000

  /// `pkg.Service/Method`.
  var method: String
  /// Each request as JSON text; empty means "send `{}`" for unary and server-streaming methods.
  var requests: [String]
  /// Whether the body used `requests` (a list) rather than `request`.
  var usedList: Bool
  /// Request headers, names lowercased.
  var metadata: [(name: String, value: String)]
  var timeout: Duration
  var maxResponses: Int

  init(parsing data: Data) throws {
    let parsed: Any
    do {
      parsed = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw Self.invalid("the body is not JSON: \(error.localizedDescription)")
    }
    guard let body = parsed as? [String: Any] else { throw Self.invalid("the body must be a JSON object") }
    guard let methodName = body["method"] as? String, !methodName.isEmpty else {
      throw Self.invalid("'method' (a string) is required")
    }
    if let service = body["service"] {
      guard let service = service as? String, !service.isEmpty else {
        throw Self.invalid("'service' must be a non-empty string")
      }
      method = "\(service)/\(methodName)"
    } else {
      guard methodName.contains("/") else {
        throw Self.invalid("give 'service' and 'method', or 'method' as 'pkg.Service/Method'")
      }
      method = methodName
    }
    if body["request"] != nil && body["requests"] != nil {
      throw Self.invalid("give either 'request' or 'requests', not both")
    }
    if let request = body["request"] {
      guard request is [String: Any] else { throw Self.invalid("'request' must be a JSON object") }
      requests = [try Self.text(request)]
      usedList = false
    } else if let list = body["requests"] {
      guard let list = list as? [Any], list.allSatisfy({ $0 is [String: Any] }) else {
        throw Self.invalid("'requests' must be a list of JSON objects")
      }
      requests = try list.map(Self.text)
      usedList = true
    } else {
      requests = []
      usedList = false
    }
    metadata = []
    if let headers = body["metadata"] {
      guard let headers = headers as? [String: Any] else {
        throw Self.invalid("'metadata' must be an object of header names to string values")
      }
      for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
        let lowered = name.lowercased()
        guard !lowered.isEmpty, !lowered.hasPrefix(":"), !lowered.hasPrefix("grpc-") else {
          throw Self.invalid("metadata name '\(name)' is reserved")
        }
        if let value = value as? String {
          metadata.append((lowered, value))
        } else if let values = value as? [String] {
          metadata += values.map { (lowered, $0) }
        } else {
          throw Self.invalid("metadata '\(name)' must be a string or a list of strings")
        }
      }
    }
    timeout = Self.defaultTimeout
    if let value = body["timeoutMs"] {
      guard let ms = (value as? NSNumber)?.doubleValue, ms > 0, !(value is Bool) else {
        throw Self.invalid("'timeoutMs' must be a positive number")
      }
      timeout = min(.milliseconds(Int64(ms.rounded(.up))), Self.maxTimeout)
    }
    maxResponses = Self.defaultMaxResponses
    if let value = body["maxResponses"] {
      guard let count = value as? Int, count > 0 else {
        throw Self.invalid("'maxResponses' must be a positive integer")
      }
      maxResponses = min(count, Self.maxMaxResponses)
    }
  }

  private static func text(_ object: Any) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
  }

  static func invalid(_ message: String) -> AgentHTTPError {
    AgentHTTPError(.badRequest, code: "invalid_body", message: message, source: "reflectprobe")
  }
}
