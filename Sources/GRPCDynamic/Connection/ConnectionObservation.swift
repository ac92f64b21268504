/// What a client's pooled connection has seen so far: whether and when a connection was last ready, how long
/// establishing it took, and (TLS) the server certificate's expiry — for monitoring, not for control flow.
///
/// Read it through ``DynamicClient/connectionObservation``. The establishment time runs from the moment the
/// transport created the connection's channel (just before the TCP connect) to the server's first HTTP/2 SETTINGS
/// frame, so it covers TCP, the TLS handshake and the HTTP/2 preface. Reconnects update it.
public struct ConnectionObservation: Sendable, Equatable {
  /// Whether a connection was ever ready (the server answered with HTTP/2 SETTINGS).
  public var everReady: Bool
  /// When the latest connection became ready.
  public var lastReadyAt: ContinuousClock.Instant?
  /// How long the latest connection that became ready took to get there.
  public var lastEstablishmentDuration: Duration?
  /// TLS: the `notAfter` of the server's leaf certificate from the latest completed handshake, in seconds since
  /// 1970; nil for plaintext or before any handshake.
  public var peerCertificateNotAfter: Double?

  public init(
    everReady: Bool = false, lastReadyAt: ContinuousClock.Instant? = nil, lastEstablishmentDuration: Duration? = nil,
    peerCertificateNotAfter: Double? = nil
  ) {
    self.everReady = everReady
    self.lastReadyAt = lastReadyAt
    self.lastEstablishmentDuration = lastEstablishmentDuration
    self.peerCertificateNotAfter = peerCertificateNotAfter
  }
}

extension DynamicClient {
  /// What the pooled connection this client uses has observed; nil when the pool holds no connection for it
  /// (never used, closed when idle, or the pool shut down). Cheap: a lookup and a lock, no I/O.
  public var connectionObservation: ConnectionObservation? {
    pool.existingConnection(to: address, options: options.connection)?.probe.observation
  }
}
