import GRPCDynamic

/// A failed probe step, as the outcome reports it: the status reached (nil when none) and a message a person can
/// act on. Built from any error a step throws by ``init(_:address:)``.
struct ProbeFailure: Error, Sendable {
  /// The gRPC status code reached, nil when no status was (connection, TLS, reflection, descriptors, request).
  var statusCode: Int?
  var message: String
  /// No connection could be made: the time spent is the connect phase's.
  var isConnectionFailure: Bool

  init(statusCode: Int?, _ message: String, isConnectionFailure: Bool = false) {
    self.statusCode = statusCode
    self.message = message
    self.isConnectionFailure = isConnectionFailure
  }

  /// Reads an error thrown by the client (or the probe's own deadline).
  init(_ error: any Error, address: String) {
    switch error {
    case let failure as ProbeFailure:
      self = failure
    case let client as DynamicClientError:
      self.init(client, address: address)
    case is CancellationError:
      self.init(statusCode: RPCStatusCode.cancelled.rawValue, "probe cancelled (the agent is stopping or reloading)")
    default:
      self.init(statusCode: nil, "\(error)")
    }
  }

  private init(_ error: DynamicClientError, address: String) {
    let code = error.status?.code
    switch error.code {
    case .connectionFailed, .tlsFailed:
      self.init(statusCode: nil, error.message, isConnectionFailure: true)
    case .rpcFailed, .responseTooLarge:
      let status = code ?? .unknown
      var message = "status \(status.name)"
      if let text = error.status?.message, !text.isEmpty { message += ": \(text)" }
      if error.code == .responseTooLarge { message = error.message }
      self.init(statusCode: status.rawValue, message)
    default:
      self.init(statusCode: code?.rawValue, error.message)
    }
  }
}

/// The probe's own deadline (its `timeout`) passed before the client reported one.
struct ProbeTimeout: Error, Sendable {
  var timeout: Duration
}
