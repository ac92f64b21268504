import GRPCDynamic
import Hummingbird

/// The HTTP status for a gRPC status code, as grpc-gateway maps it (`runtime.HTTPStatusFromCode`).
enum GRPCHTTPStatus {
  static func status(for code: RPCStatusCode) -> HTTPResponse.Status {
    switch code {
    case .ok: .ok
    case .cancelled: HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request")
    case .invalidArgument, .failedPrecondition, .outOfRange: .badRequest
    case .deadlineExceeded: .gatewayTimeout
    case .notFound: .notFound
    case .alreadyExists, .aborted: .conflict
    case .permissionDenied: .forbidden
    case .unauthenticated: .unauthorized
    case .resourceExhausted: .tooManyRequests
    case .unimplemented: .notImplemented
    case .unavailable: .serviceUnavailable
    default: .internalServerError  // UNKNOWN, INTERNAL, DATA_LOSS and codes beyond 16
    }
  }
}
