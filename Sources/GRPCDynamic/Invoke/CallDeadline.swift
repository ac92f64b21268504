import GRPCCore

/// A call's deadline kept by an ``EventLoopTimeout`` in place of grpc-swift's own (`CallOptions.timeout`, a task
/// sleeping next to every call); the server is told the deadline in `grpc-timeout`, as grpc-swift does.
enum CallDeadline {
  /// Runs `call` (given the metadata to send, `grpc-timeout` added) under `timeout`; nil runs it as is.
  ///
  /// - Throws: `RPCError` with DEADLINE_EXCEEDED when the timeout passed before the call ended, whatever the call
  ///   threw or returned then (grpc-swift's error for it); otherwise what the call throws.
  static func run<R: Sendable>(
    _ timeout: Duration?, metadata: Metadata, _ call: @escaping @Sendable (Metadata) async throws -> R
  ) async throws -> R {
    guard let timeout else { return try await call(metadata) }
    var metadata = metadata
    metadata.replaceOrAddString(header(timeout), forKey: "grpc-timeout")
    let sent = metadata
    return try await EventLoopTimeout.run(
      timeout, expired: { RPCError(code: .deadlineExceeded, message: "RPC timed out before completing") }
    ) {
      try await call(sent)
    }
  }

  /// The `grpc-timeout` value: at most 8 digits and a unit (gRPC over HTTP/2), rounded up — to whole
  /// milliseconds from 1 ms on, so the value repeats from call to call (a probe's remaining time varies by
  /// microseconds) and HPACK sends it as an index instead of a new literal each time.
  static func header(_ timeout: Duration) -> String {
    let nanos = max(EventLoopTimeout.nanoseconds(timeout), 0)
    let units: [(String, Int64)] =
      nanos < 1_000_000 ? [("n", 1), ("u", 1_000)] : [("m", 1_000_000), ("S", 1_000_000_000)]
    for (unit, scale) in units {
      let value = nanos / scale + (nanos % scale == 0 ? 0 : 1)
      if value < 100_000_000 { return "\(value)\(unit)" }
    }
    let seconds = nanos / 1_000_000_000 + (nanos % 1_000_000_000 == 0 ? 0 : 1)
    let minutes = (seconds + 59) / 60
    if minutes < 100_000_000 { return "\(minutes)M" }
    return "\(min((minutes + 59) / 60, 99_999_999))H"
  }
}
