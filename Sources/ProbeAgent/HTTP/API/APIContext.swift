import AgentConfig
import Foundation
import GRPCDynamic
import Hummingbird
import ProbeStore

/// What the REST API routes (`/api/v1/...`) share: the agent's dependencies, target lookup (configured targets
/// only: the API never dials an address a caller supplies), JSON answers and the mapping of client failures to
/// ``AgentHTTPError``s.
struct APIContext: Sendable {
  let dependencies: AgentHTTPDependencies
  /// Caps REST invokes in flight.
  let invokes = InvokeLimiter()

  /// A path parameter, percent-decoded (`my%20target` names `my target`); as sent when it does not decode.
  static func parameter(_ context: AgentRequestContext, _ name: String) throws -> String {
    let raw = try context.parameters.require(name)
    return raw.removingPercentEncoding ?? raw
  }

  /// The configured target of that name; 404 `target_not_found` otherwise.
  func target(_ name: String) throws -> TargetConfig {
    guard let target = dependencies.configuration().targets.first(where: { $0.name == name }) else {
      throw AgentHTTPError(
        .notFound, code: "target_not_found", message: "no configured target is named '\(name)'",
        source: "reflectprobe")
    }
    return target
  }

  /// The target's dynamic client (shared connection and descriptor cache).
  func client(_ target: TargetConfig) throws -> DynamicClient {
    do {
      return try dependencies.client(target)
    } catch let error as AgentHTTPError {
      throw error
    } catch {
      throw AgentHTTPError(
        .serviceUnavailable, code: "client_unavailable",
        message: "no client for target '\(target.name)': \(error)", source: "reflectprobe")
    }
  }

  /// The history store; 503 `store_unavailable` when the listener runs without one.
  func store() throws -> any HistoryStore {
    guard let store = dependencies.store else {
      throw AgentHTTPError(
        .serviceUnavailable, code: "store_unavailable", message: "no history store", source: "reflectprobe")
    }
    return store
  }

  /// A failure of discovery or of an invoke that produced no gRPC status, as an answer of the agent's own.
  static func httpError(_ error: any Error, target: String) -> AgentHTTPError {
    if let error = error as? AgentHTTPError { return error }
    guard let error = error as? DynamicClientError else {
      return AgentHTTPError(
        .internalServerError, code: "internal", message: "\(error)", source: "reflectprobe")
    }
    let (status, code): (HTTPResponse.Status, String) =
      switch error.code {
      case .serviceNotFound: (.notFound, "service_not_found")
      case .methodNotFound: (.notFound, "method_not_found")
      case .symbolNotFound: (.notFound, "symbol_not_found")
      case .invalidRequest: (.badRequest, "invalid_request")
      case .invalidArgument: (.badRequest, "invalid_argument")
      case .connectionFailed: (.serviceUnavailable, "target_unavailable")
      case .tlsFailed: (.badGateway, "tls_failed")
      case .reflectionNotSupported: (.notImplemented, "reflection_not_supported")
      case .reflectionFailed, .descriptorSourceFailed, .protocUnavailable: (.badGateway, "descriptors_unavailable")
      case .invalidResponse: (.badGateway, "invalid_response")
      case .responseTooLarge: (.badGateway, "response_too_large")
      default: (.badGateway, "upstream_failed")
      }
    var message = error.message
    if let path = error.path { message += " (at \(path))" }
    return AgentHTTPError(status, code: code, message: "target '\(target)': \(message)", source: "reflectprobe")
  }
}

extension Response {
  /// A JSON answer from `JSONSerialization`-compatible values (keys sorted, so answers are stable).
  static func json(_ object: Any, status: HTTPResponse.Status = .ok) throws -> Response {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    return Response(
      status: status, headers: [.contentType: "application/json; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: Array(data) + [UInt8(ascii: "\n")])))
  }
}

extension Date {
  /// RFC 3339 with milliseconds, UTC (`2026-11-25T18:20:00.123Z`), proleptic Gregorian.
  var apiTimestamp: String { RFC3339.format(timeIntervalSince1970) }
}
