/// A `grpc.health.v1` serving status.
public enum HealthStatus: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  case unknown = "UNKNOWN"
  case serving = "SERVING"
  case notServing = "NOT_SERVING"
  /// Only from `Watch`: the server does not know the service (yet).
  case serviceUnknown = "SERVICE_UNKNOWN"

  init(number: Int) {
    switch number {
    case 1: self = .serving
    case 2: self = .notServing
    case 3: self = .serviceUnknown
    default: self = .unknown
    }
  }

  public var description: String { rawValue }
}
