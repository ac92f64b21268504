/// The CLI's exit codes, documented in README.md ("Exit codes").
///
/// grpcurl's convention: tool failures are small numbers; a non-OK gRPC status `s` exits with `64 + s`, so the two
/// never collide.
enum ExitStatus: Int32 {
  /// Success.
  case ok = 0
  /// A failure before any gRPC status: bad input data, unreadable or invalid descriptors, unknown symbol.
  case failure = 1
  /// Bad command line: unknown flag, missing argument, invalid flag value.
  case usage = 2
}

/// A failure that ends the command with a message and an exit status.
struct CommandFailure: Error {
  var status: ExitStatus
  var message: String

  init(_ status: ExitStatus = .failure, _ message: String) {
    self.status = status
    self.message = message
  }
}
