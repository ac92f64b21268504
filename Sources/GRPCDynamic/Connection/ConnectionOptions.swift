/// How to reach a server: transport security, authority, timeouts, keepalive, backoff.
///
/// Together with the ``ServerAddress`` this is the key of a pooled connection: calls with equal options share one
/// HTTP/2 connection. Every value is validated by ``validate()`` before the first dial.
public struct ConnectionOptions: Hashable, Sendable {
  /// Plaintext HTTP/2 (grpcurl `-plaintext`) or TLS.
  public enum Security: Hashable, Sendable {
    case plaintext
    case tls(TLSOptions)
  }

  /// Client-side keepalive pings (gRFC A8).
  public struct Keepalive: Hashable, Sendable {
    /// Idle time after which a ping is sent.
    public var time: Duration
    /// How long to wait for the ping's acknowledgement before closing the connection.
    public var timeout: Duration
    /// Whether to ping while no call is open.
    public var permitWithoutCalls: Bool

    public init(time: Duration, timeout: Duration = .seconds(20), permitWithoutCalls: Bool = false) {
      self.time = time
      self.timeout = timeout
      self.permitWithoutCalls = permitWithoutCalls
    }
  }

  /// Reconnection backoff: first delay, maximum delay, growth factor and jitter (a fraction of the delay).
  public struct Backoff: Hashable, Sendable {
    public var initial: Duration
    public var maximum: Duration
    public var multiplier: Double
    public var jitter: Double

    public init(
      initial: Duration = .seconds(1), maximum: Duration = .seconds(120), multiplier: Double = 1.6,
      jitter: Double = 0.2
    ) {
      self.initial = initial
      self.maximum = maximum
      self.multiplier = multiplier
      self.jitter = jitter
    }
  }

  /// Transport security; TLS with the system's roots by default (grpcurl's default; pass `.plaintext` for
  /// `-plaintext`).
  public var security: Security
  /// Overrides the `:authority` pseudo-header (grpcurl `-authority`); with TLS also the name used for SNI and
  /// certificate verification unless ``TLSOptions/serverName`` is set.
  public var authority: String?
  /// How long to wait for the connection (TCP and TLS) before failing with ``DynamicClientError/Code/connectionFailed``
  /// (grpcurl `-connect-timeout`, default 10 s).
  public var connectTimeout: Duration
  /// Keepalive pings; nil sends none (grpcurl `-keepalive-time`).
  public var keepalive: Keepalive?
  /// Delays between reconnection attempts of a pooled connection.
  public var backoff: Backoff

  public init(
    security: Security = .tls(TLSOptions()), authority: String? = nil, connectTimeout: Duration = .seconds(10),
    keepalive: Keepalive? = nil, backoff: Backoff = Backoff()
  ) {
    self.security = security
    self.authority = authority
    self.connectTimeout = connectTimeout
    self.keepalive = keepalive
    self.backoff = backoff
  }

  /// Plaintext HTTP/2 with default timeouts.
  public static let plaintext = ConnectionOptions(security: .plaintext)

  /// Checks the values: positive durations, an authority without whitespace, and (for TLS) a server name that
  /// agrees with the authority.
  ///
  /// - Throws: ``DynamicClientError`` `.invalidArgument` naming the option.
  public func validate() throws(DynamicClientError) {
    guard connectTimeout > .zero else {
      throw DynamicClientError(.invalidArgument, "connect timeout must be positive")
    }
    if let keepalive, keepalive.time <= .zero || keepalive.timeout <= .zero {
      throw DynamicClientError(.invalidArgument, "keepalive time and timeout must be positive")
    }
    if let authority, authority.isEmpty || authority.contains(where: \.isWhitespace) {
      throw DynamicClientError(.invalidArgument, "invalid authority \"\(authority)\"")
    }
    if case .tls(let tls) = security {
      if let name = tls.serverName, let authority, name != authority {
        throw DynamicClientError(
          .invalidArgument, "cannot specify different values for server name (\(name)) and authority (\(authority))")
      }
      if (tls.certificatePath == nil) != (tls.keyPath == nil) {
        throw DynamicClientError(
          .invalidArgument, "a client certificate and its key must be given together (-cert and -key)")
      }
    }
  }

  /// The `:authority` (and SNI name) actually sent: the override, else the TLS server name.
  var effectiveAuthority: String? {
    if let authority { return authority }
    if case .tls(let tls) = security { return tls.serverName }
    return nil
  }
}

/// TLS settings (grpcurl's `-cacert`, `-cert`/`-key`, `-insecure`, `-servername`).
public struct TLSOptions: Hashable, Sendable {
  /// PEM file of trusted roots; nil trusts the system's roots.
  public var caCertificatePath: String?
  /// PEM client certificate chain, for mutual TLS.
  public var certificatePath: String?
  /// PEM private key of the client certificate.
  public var keyPath: String?
  /// Skip verification of the server's certificate (grpcurl `-insecure`).
  public var insecureSkipVerify: Bool
  /// The name to verify the server certificate against (and send as SNI); defaults to the address's host.
  public var serverName: String?

  public init(
    caCertificatePath: String? = nil, certificatePath: String? = nil, keyPath: String? = nil,
    insecureSkipVerify: Bool = false, serverName: String? = nil
  ) {
    self.caCertificatePath = caCertificatePath
    self.certificatePath = certificatePath
    self.keyPath = keyPath
    self.insecureSkipVerify = insecureSkipVerify
    self.serverName = serverName
  }
}
