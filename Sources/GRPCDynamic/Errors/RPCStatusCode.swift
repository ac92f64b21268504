import GRPCCore

/// One of the 17 gRPC status codes, with its canonical name (`NOT_FOUND`) and number (5).
///
/// The number is what the CLI adds to 64 for its exit code; the name is what grpcurl prints (`Code: NotFound`
/// there, `NOT_FOUND` in the gRPC spec, which we follow). Unknown numbers from a misbehaving peer are kept as they
/// are and named `CODE(n)`.
public struct RPCStatusCode: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The status code's number, 0 ... 16.
  public let rawValue: Int

  public init(rawValue: Int) { self.rawValue = rawValue }

  public static let ok = Self(rawValue: 0)
  public static let cancelled = Self(rawValue: 1)
  public static let unknown = Self(rawValue: 2)
  public static let invalidArgument = Self(rawValue: 3)
  public static let deadlineExceeded = Self(rawValue: 4)
  public static let notFound = Self(rawValue: 5)
  public static let alreadyExists = Self(rawValue: 6)
  public static let permissionDenied = Self(rawValue: 7)
  public static let resourceExhausted = Self(rawValue: 8)
  public static let failedPrecondition = Self(rawValue: 9)
  public static let aborted = Self(rawValue: 10)
  public static let outOfRange = Self(rawValue: 11)
  public static let unimplemented = Self(rawValue: 12)
  public static let internalError = Self(rawValue: 13)
  public static let unavailable = Self(rawValue: 14)
  public static let dataLoss = Self(rawValue: 15)
  public static let unauthenticated = Self(rawValue: 16)

  private static let names = [
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
    "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
    "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
  ]

  /// All 17 codes, in numeric order.
  public static let allCodes: [RPCStatusCode] = (0..<17).map { RPCStatusCode(rawValue: $0) }

  /// The spec's name: `OK`, `NOT_FOUND`, `UNAUTHENTICATED`, ...; `CODE(n)` for a number outside 0 ... 16.
  public var name: String { Self.names.indices.contains(rawValue) ? Self.names[rawValue] : "CODE(\(rawValue))" }

  /// The code with this spec name (`NOT_FOUND`), if any.
  public init?(name: String) {
    guard let index = Self.names.firstIndex(of: name.uppercased()) else { return nil }
    self.rawValue = index
  }

  public var description: String { name }

  public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

  /// The code of a grpc-swift error.
  init(_ code: RPCError.Code) { self.rawValue = code.rawValue }

  /// The code of a grpc-swift status.
  init(_ code: Status.Code) { self.rawValue = code.rawValue }
}
