/// Every failure of the dynamic client: what went wrong (``code``), a message a person can act on, and — when the
/// server (or the transport on its behalf) produced one — the gRPC ``status`` with its decoded details.
///
/// Switch on ``code`` for the kind of failure and on `status?.code` for the gRPC status. ``exitCode`` maps both
/// to grpcurl's convention: `64 + status` for a call that ended with a non-OK status, `1` for a failure before any
/// status (connection, TLS, reflection, bad input), `2` for invalid arguments.
public struct DynamicClientError: Error, Sendable, CustomStringConvertible {
  /// The kind of failure: stable, so callers can switch on it.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Kind: String, Hashable, Sendable {
      case rpcFailed, connectionFailed, tlsFailed, reflectionNotSupported, reflectionFailed
      case serviceNotFound, methodNotFound, symbolNotFound, invalidRequest, invalidResponse, responseTooLarge
      case invalidArgument, descriptorSourceFailed, protocUnavailable
    }
    private let kind: Kind
    private init(_ kind: Kind) { self.kind = kind }

    /// The call reached the server and ended with a non-OK status (see ``DynamicClientError/status``).
    public static let rpcFailed = Code(.rpcFailed)
    /// No connection could be made: refused, unreachable, unresolvable or timed out (see ``address``).
    public static let connectionFailed = Code(.connectionFailed)
    /// The TLS handshake failed or the TLS settings are unusable (bad CA file, certificate, key).
    public static let tlsFailed = Code(.tlsFailed)
    /// The server answers neither `grpc.reflection.v1` nor `v1alpha`: supply descriptors with a protoset.
    public static let reflectionNotSupported = Code(.reflectionNotSupported)
    /// The reflection stream failed or the server answered with an `error_response`.
    public static let reflectionFailed = Code(.reflectionFailed)
    /// No service of that name is known to the descriptor source.
    public static let serviceNotFound = Code(.serviceNotFound)
    /// The service exists but has no method of that name.
    public static let methodNotFound = Code(.methodNotFound)
    /// No type, service, method, field or enum of that name is known (describe).
    public static let symbolNotFound = Code(.symbolNotFound)
    /// The request JSON is malformed or does not match the request type (see ``DynamicClientError/path``).
    public static let invalidRequest = Code(.invalidRequest)
    /// The server sent a message that does not decode as the response type.
    public static let invalidResponse = Code(.invalidResponse)
    /// A response message is larger than the receive limit (status RESOURCE_EXHAUSTED).
    public static let responseTooLarge = Code(.responseTooLarge)
    /// An argument is unusable: address syntax, method name, option values.
    public static let invalidArgument = Code(.invalidArgument)
    /// A protoset or .proto file could not be read or does not resolve.
    public static let descriptorSourceFailed = Code(.descriptorSourceFailed)
    /// `.proto` files were given but `protoc` is not installed.
    public static let protocUnavailable = Code(.protocUnavailable)

    public var description: String { kind.rawValue }
  }

  /// What kind of failure this is.
  public var code: Code
  /// A message a person can act on.
  public var message: String
  /// The gRPC status, when the call produced one (always for ``Code/rpcFailed`` and ``Code/responseTooLarge``).
  public var status: RPCStatus?
  /// Response headers received before the failure (empty when there were none).
  public var headers: RPCMetadata
  /// Trailers received with the status (for ``Code/rpcFailed``; `grpc-status-details-bin` included).
  public var trailers: RPCMetadata
  /// For ``Code/invalidRequest``: the JSON path of the offending field (`$.profile.age`), from the codec.
  public var path: String?
  /// For connection and TLS failures: the address that was dialled.
  public var address: String?
  /// The underlying error, if any.
  public var cause: (any Error)?

  public init(
    _ code: Code, _ message: String, status: RPCStatus? = nil, headers: RPCMetadata = [:],
    trailers: RPCMetadata = [:], path: String? = nil, address: String? = nil, cause: (any Error)? = nil
  ) {
    self.code = code
    self.message = message
    self.status = status
    self.headers = headers
    self.trailers = trailers
    self.path = path
    self.address = address
    self.cause = cause
  }

  /// The CLI exit code (grpcurl's convention): `64 + status` when the call ended with a non-OK status, `2` for
  /// ``Code/invalidArgument``, `1` for any other failure before a status.
  public var exitCode: Int32 {
    if code == .rpcFailed || code == .responseTooLarge, let status, status.code != .ok {
      return 64 + Int32(status.code.rawValue)
    }
    return code == .invalidArgument ? 2 : 1
  }

  public var description: String {
    guard code == .rpcFailed, let status else { return message }
    return status.description
  }
}
