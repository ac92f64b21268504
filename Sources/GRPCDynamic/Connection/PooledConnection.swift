import GRPCCore
import GRPCNIOTransportHTTP2

/// The identity of a pooled connection: where to and how.
struct ConnectionKey: Hashable, Sendable {
  var address: ServerAddress
  var options: ConnectionOptions
}

/// One grpc-swift client over HTTP/2 (NIO Posix) for one ``ConnectionKey``, with the probe that tells connection
/// failures apart. Created by ``ConnectionPool``, which runs it.
final class PooledConnection: Sendable {
  let key: ConnectionKey
  let client: GRPCClient<HTTP2ClientTransport.Posix>
  /// The client's transport, for ``DirectUnaryCall`` (the client runs its connections).
  let transport: HTTP2ClientTransport.Posix
  let probe: ConnectionProbe

  /// - Throws: ``DynamicClientError`` `.tlsFailed` when the TLS files cannot be loaded, `.invalidArgument` when the
  ///   address cannot be resolved by any resolver.
  init(key: ConnectionKey) throws(DynamicClientError) {
    try key.options.validate()
    self.key = key
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
      self.transport = transport
      client = GRPCClient(transport: transport)
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
