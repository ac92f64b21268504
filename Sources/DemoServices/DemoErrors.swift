import GRPCCore
import GRPCProtobuf

/// The errors the demo services throw: `google.rpc.Status` with details, sent as `grpc-status-details-bin`.
public enum DemoErrors {
  /// The `google.rpc.ErrorInfo.domain` of every demo error.
  public static let domain = "demo.reflectprobe"

  /// NOT_FOUND with an `ErrorInfo{reason, domain, metadata}` detail.
  static func notFound(_ message: String, reason: String, metadata: [String: String]) -> GoogleRPCStatus {
    GoogleRPCStatus(
      code: .notFound, message: message,
      details: .errorInfo(reason: reason, domain: domain, metadata: metadata))
  }

  /// INVALID_ARGUMENT with a `BadRequest` detail listing the offending fields.
  static func badRequest(_ message: String, _ violations: [(field: String, description: String)]) -> GoogleRPCStatus {
    GoogleRPCStatus(
      code: .invalidArgument, message: message,
      details: .badRequest(violations: violations.map { .init(field: $0.field, description: $0.description) }))
  }

  /// FAILED_PRECONDITION with a `PreconditionFailure` detail.
  static func precondition(_ message: String, type: String, subject: String, description: String) -> GoogleRPCStatus {
    GoogleRPCStatus(
      code: .failedPrecondition, message: message,
      details: .preconditionFailure(violations: [.init(type: type, subject: subject, description: description)]))
  }
}
