/// The CLI's exit codes, documented in README.md ("Exit codes").
///
/// grpcurl's convention: tool failures are small numbers; a non-OK gRPC status `s` exits with `64 + s`, so the two
/// never collide. `health` uses grpc_health_probe's codes instead (see ``HealthCommand``).
enum ExitStatus: Int32 {
  /// Success.
  case ok = 0
  /// A failure before any gRPC status: connection, TLS, reflection, bad input data, unknown symbol.
  case failure = 1
  /// Bad command line: unknown flag, missing argument, invalid flag value.
  case usage = 2
}

/// A failure that ends the command with a message and an exit code.
struct CommandFailure: Error {
  var status: ExitStatus
  var message: String
  /// The process exit code: the status's, or 64 + gRPC status, or a health probe code.
  var exitCode: Int32
  /// Print the message as is (no `Error: ` prefix).
  var raw: Bool

  init(_ status: ExitStatus = .failure, _ message: String, exitCode: Int32? = nil, raw: Bool = false) {
    self.status = status
    self.message = message
    self.exitCode = exitCode ?? status.rawValue
    self.raw = raw
  }
}
