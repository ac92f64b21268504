import GRPCCore

extension PooledConnection {
  /// The connection-level reading of a failed call: a TLS failure, or a connection that was never ready (refused,
  /// unreachable, unresolvable). Nil when the connection worked and the error belongs to the call.
  func connectionFailure(_ error: RPCError) -> DynamicClientError? {
    let address = key.address.description
    if let tls = probe.tlsFailure {
      var hint = ""
      if case .tls = key.options.security { hint = " (if the server is plaintext, use -plaintext)" }
      return DynamicClientError(
        .tlsFailed, "TLS handshake with \(address) failed: \(tls)\(hint)", address: address, cause: error)
    }
    guard error.code == .unavailable, !probe.everReady else { return nil }
    var reason = Self.describe(error)
    if probe.everConnected, case .plaintext = key.options.security {
      reason += " (connected, but no HTTP/2 gRPC server answered; if the server uses TLS, drop -plaintext)"
    }
    return DynamicClientError(
      .connectionFailed, "failed to connect to \(address): \(reason)", address: address, cause: error)
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
