import GRPCCore

extension PooledConnection {
  /// The connection-level reading of a failed call: a TLS failure, or a connection that was never ready (refused,
  /// unreachable, unresolvable). Nil when the connection worked and the error belongs to the call.
  func connectionFailure(_ error: RPCError) -> DynamicClientError? {
    let address = key.address.description
    guard error.code == .unavailable, !probe.everReady else { return nil }
    if let tls = probe.tlsFailure ?? Self.tlsCause(of: error) {
      let lowered = tls.lowercased()
      let hint =
        if lowered.contains("certificate") || lowered.contains("hostname") || lowered.contains("verify") {
          " (check -cacert and -servername, or skip verification with -insecure)"
        } else if lowered.contains("uncleanshutdown") {
          " (the server closed the connection mid-handshake: does it require a client certificate, -cert/-key?)"
        } else {
          " (if the server is plaintext, use -plaintext)"
        }
      return DynamicClientError(
        .tlsFailed, "TLS handshake with \(address) failed: \(tls)\(hint)", address: address, cause: error)
    }
    if let mismatch = probe.protocolFailure {
      return DynamicClientError(
        .connectionFailed, "\(address) is not a gRPC server: \(mismatch)", address: address, cause: error)
    }
    return DynamicClientError(
      .connectionFailed, "failed to connect to \(address): \(Self.describe(error))", address: address, cause: error)
  }

  /// The description of a TLS error in an error's chain of causes.
  static func tlsCause(of error: any Error) -> String? {
    var current: (any Error)? = error
    for _ in 0..<6 {
      guard let error = current else { return nil }
      if ConnectionProbe.isTLSError(error) { return "\(error)" }
      current = (error as? RPCError)?.cause ?? (error as? RuntimeError)?.cause
    }
    return nil
  }

  /// The error of a connection still not ready after the connect timeout.
  func connectTimeoutError(poolRunning: Bool) -> DynamicClientError {
    let address = key.address.description
    let timeout = key.options.connectTimeout
    var message = "failed to connect to \(address): timed out after \(timeout.formattedSeconds)"
    if !poolRunning { message += " (ConnectionPool.run() is not running, so no connection is ever made)" }
    return DynamicClientError(.connectionFailed, message, address: address)
  }
}

extension Duration {
  /// `1.5s`, `250ms`.
  var formattedSeconds: String {
    let (seconds, attoseconds) = components
    let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    return ms % 1000 == 0 ? "\(ms / 1000)s" : (ms < 1000 ? "\(ms)ms" : "\(Double(ms) / 1000)s")
  }
}
