import Foundation

/// The body of `POST /api/v1/targets/{target}/invoke`:
/// `{service, method, request | requests[], metadata, timeoutMs, maxResponses}`.
///
/// `method` alone may also be `pkg.Service/Method`. Requests are JSON objects in the method's input type
/// (ProtoJSON: either the proto field name or its lowerCamelCase JSON name). Invalid bodies are 400
/// `invalid_body`: unknown fields too (a misspelt `requets` is not ignored), metadata names outside gRPC's header
/// characters or reserved (`grpc-*`, HTTP/2 connection headers), values that are not printable ASCII. Numbers
/// beyond the caps are lowered to them (``maxTimeout``, ``maxMaxResponses``), never converted unchecked.
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
    if let unknown = body.keys.sorted().first(where: { !Self.fields.contains($0) }) {
      throw Self.invalid("unknown field '\(unknown)' (fields: \(Self.fields.sorted().joined(separator: ", ")))")
    }
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
        let lowered = try Self.metadataName(name)
        let values: [String]
        if let value = value as? String {
          values = [value]
        } else if let list = value as? [Any], list.allSatisfy({ $0 is String }) {
          values = list.compactMap { $0 as? String }
        } else {
          throw Self.invalid("metadata '\(name)' must be a string or a list of strings")
        }
        for value in values {
          guard value.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw Self.invalid("metadata '\(name)': values are printable ASCII (base64 for -bin names)")
          }
          metadata.append((lowered, value))
        }
      }
    }
    timeout = Self.defaultTimeout
    if let value = body["timeoutMs"] {
      guard let ms = Self.number(value), ms > 0 else { throw Self.invalid("'timeoutMs' must be a positive number") }
      // Lowered before the conversion: a huge number must not overflow Int64.
      let maxMs = Double(Self.maxTimeout.components.seconds * 1000)
      timeout = .milliseconds(Int64(min(ms, maxMs).rounded(.up)))
    }
    maxResponses = Self.defaultMaxResponses
    if let value = body["maxResponses"] {
      guard let count = Self.number(value), count >= 1, count.rounded() == count else {
        throw Self.invalid("'maxResponses' must be a positive integer")
      }
      maxResponses = Int(min(count, Double(Self.maxMaxResponses)))
    }
  }

  /// The body's fields.
  static let fields: Set<String> = [
    "service", "method", "request", "requests", "metadata", "timeoutMs", "maxResponses",
  ]

  /// Names that are not request metadata: HTTP/2 connection headers and the ones gRPC itself sends.
  static let reservedMetadata: Set<String> = [
    "te", "content-type", "connection", "host", "transfer-encoding", "upgrade", "keep-alive", "proxy-connection",
  ]

  /// A metadata name, lowercased: gRPC's header name characters (`0-9 a-z _ - .`), not `grpc-*`, not reserved.
  static func metadataName(_ name: String) throws -> String {
    let lowered = name.lowercased()
    guard !lowered.isEmpty, lowered.utf8.allSatisfy({ Self.nameBytes.contains($0) }) else {
      throw invalid("metadata name '\(name)' is not a header name (letters, digits, '_', '-', '.')")
    }
    guard !lowered.hasPrefix("grpc-"), !reservedMetadata.contains(lowered) else {
      throw invalid("metadata name '\(name)' is reserved")
    }
    return lowered
  }

  private static let nameBytes = Set(Array("0123456789abcdefghijklmnopqrstuvwxyz_-.".utf8))

  /// A finite JSON number (not a boolean) as a Double.
  static func number(_ value: Any) -> Double? {
    // On Linux `NSNumber(1) is Bool` holds; JSON booleans are the distinct `__NSCFBoolean` (or Swift `Bool`).
    guard type(of: value) != Bool.self, !String(describing: type(of: value)).contains("Boolean"),
      let number = value as? NSNumber
    else { return nil }
    let double = number.doubleValue
    return double.isFinite ? double : nil
  }

  private static func text(_ object: Any) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
  }

  static func invalid(_ message: String) -> AgentHTTPError {
    AgentHTTPError(.badRequest, code: "invalid_body", message: message, source: "reflectprobe")
  }
}
