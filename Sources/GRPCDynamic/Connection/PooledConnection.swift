import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization

/// The identity of a pooled connection: where to and how.
struct ConnectionKey: Hashable, Sendable {
  var address: ServerAddress
  var options: ConnectionOptions
}

/// One grpc-swift client over HTTP/2 (NIO Posix) for one ``ConnectionKey``, with the probe that tells connection
/// failures apart, and a ``UnaryConnection`` for unary calls. Created by ``ConnectionPool``,
/// which runs the grpc-swift client from its first use (a target probed only by unary calls, such as health
/// checks, then holds one TCP connection, not two).
final class PooledConnection: Sendable {
  let key: ConnectionKey
  private let grpcClient: GRPCClient<HTTP2ClientTransport.Posix>
  /// Hands the grpc-swift client to the pool to run, once, on first use.
  private let onFirstUse: Mutex<(@Sendable (PooledConnection) -> Void)?>
  let probe: ConnectionProbe
  /// The lean path of unary calls.
  let unary: UnaryConnection

  /// - Throws: ``DynamicClientError`` `.tlsFailed` when the TLS files cannot be loaded, `.invalidArgument` when the
  ///   address cannot be resolved by any resolver.
  init(key: ConnectionKey, onFirstUse: @escaping @Sendable (PooledConnection) -> Void = { _ in })
    throws(DynamicClientError)
  {
    try key.options.validate()
    self.key = key
    self.onFirstUse = Mutex(onFirstUse)
    let options = key.options
    var usesTLS = false
    let security: HTTP2ClientTransport.Posix.TransportSecurity
    switch options.security {
    case .plaintext:
      security = .plaintext
    case .tls(let tls):
      usesTLS = true
      security = .tls(Self.tlsConfig(tls))
    }
    let probe = ConnectionProbe(usesTLS: usesTLS)
    self.probe = probe
    let config = HTTP2ClientTransport.Posix.Config.defaults { config in
      config.http2.authority = options.effectiveAuthority
      config.connection.keepalive = options.keepalive.map {
        HTTP2ClientTransport.Config.Keepalive(
          time: $0.time, timeout: $0.timeout, allowWithoutCalls: $0.permitWithoutCalls)
      }
      config.backoff = HTTP2ClientTransport.Config.Backoff(
        initial: options.backoff.initial, max: options.backoff.maximum, multiplier: options.backoff.multiplier,
        jitter: options.backoff.jitter)
      config.channelDebuggingCallbacks.onCreateTCPConnection = probe.onCreateTCPConnection
    }
    do {
      let transport = try HTTP2ClientTransport.Posix(
        target: key.address.resolvableTarget, transportSecurity: security, config: config)
      grpcClient = GRPCClient(transport: transport)
      unary = try UnaryConnection(key: key, probe: probe)
    } catch {
      if usesTLS {
        throw DynamicClientError(
          .tlsFailed, "unusable TLS settings for \(key.address): \(Self.describe(error))",
          address: key.address.description, cause: error)
      }
      throw DynamicClientError(
        .invalidArgument, "cannot dial \(key.address): \(Self.describe(error))", address: key.address.description,
        cause: error)
    }
  }

  /// The grpc-swift client (started on first use), for streaming calls and reflection.
  var client: GRPCClient<HTTP2ClientTransport.Posix> {
    startIfNeeded()
    return grpcClient
  }

  /// Runs the grpc-swift client's connections until it shuts down (the pool's task).
  func runConnections() async throws { try await grpcClient.runConnections() }

  private func startIfNeeded() {
    let start = onFirstUse.withLock { start in
      defer { start = nil }
      return start
    }
    start?(self)
  }

  /// Starts closing: no new calls; connections close once their calls end.
  func beginGracefulShutdown() {
    grpcClient.beginGracefulShutdown()
    unary.shutdown()
  }

  private static func tlsConfig(_ tls: TLSOptions) -> HTTP2ClientTransport.Posix.TransportSecurity.TLS {
    .defaults { config in
      if let ca = tls.caCertificatePath {
        config.trustRoots = .certificates([.file(path: ca, format: .pem)])
      }
      if let cert = tls.certificatePath, let key = tls.keyPath {
        config.certificateChain = [.file(path: cert, format: .pem)]
        config.privateKey = .file(path: key, format: .pem)
      }
      if tls.insecureSkipVerify { config.serverCertificateVerification = .noVerification }
    }
  }

  /// An error's message with its causes (grpc-swift wraps the interesting part).
  static func describe(_ error: any Error) -> String {
    var parts: [String] = []
    var current: (any Error)? = error
    var depth = 0
    while let error = current, depth < 5 {
      depth += 1
      switch error {
      case let rpc as RPCError:
        parts.append(rpc.message)
        current = rpc.cause
      case let runtime as RuntimeError:
        parts.append(runtime.message)
        current = runtime.cause
      default:
        parts.append("\(error)")
        current = nil
      }
    }
    return parts.filter { !$0.isEmpty }.joined(separator: ": ")
  }
}
