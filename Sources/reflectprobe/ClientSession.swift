import DynamicProto
import Foundation
import GRPCDynamic

/// Runs a command body with a dynamic client on a one-shot connection pool, and turns client failures into the
/// CLI's exit codes (1 before a status, 64 + status for a non-OK status, 2 for bad arguments).
enum ClientSession {
  static func run<R: Sendable>(
    address: String, options: DynamicClientOptions, _ body: (DynamicClient) async throws -> R
  ) async throws -> R {
    do {
      return try await withConnectionPool { pool in
        let client = try DynamicClient(target: address, options: options, pool: pool)
        return try await body(client)
      }
    } catch let error as DynamicClientError {
      throw CommandFailure(error)
    }
  }
}

extension CommandFailure {
  /// A client failure with its documented exit code; an RPC status prints grpcurl-style (or as JSON).
  init(_ error: DynamicClientError, formatAsJSON: Bool = false) {
    let status: ExitStatus = error.exitCode == 2 ? .usage : .failure
    if let rpc = error.status, error.exitCode >= 64 {
      var text = formatAsJSON ? rpc.json(indent: 2) : "ERROR:\n" + rpc.description.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
      if error.code == .responseTooLarge && !formatAsJSON { text += "\n(raise the receive limit with -max-msg-sz BYTES)" }
      self.init(status, text, exitCode: error.exitCode, raw: true)
    } else {
      self.init(status, error.message, exitCode: error.exitCode)
    }
  }
}
