import AgentConfig
import GRPCDynamic

/// Builds the ``DynamicClient`` of a configured target on the agent's shared ``ConnectionPool``: one HTTP/2
/// connection and one descriptor cache entry set per target, shared by all its probes.
///
/// - Security: `tls:` absent → plaintext; otherwise TLS with the target's CA, client certificate, server name and
///   skip-verify settings.
/// - Descriptors: reflection (`reflection: true`, the default), with the target's protosets as fallback when it
///   lists any; `reflection: false` uses only the protosets.
/// - Metadata: the target's entries are sent as reflection headers here, and by the probers on every call.
/// - Descriptor cache: the target's `descriptor_cache_ttl` (0 disables caching for it).
/// - Deadlines: each probe sets its own call deadline; the connect timeout is one second more than the longest
///   probe timeout of the target (10 s without probes), so a probe's deadline always comes first and a server that
///   never answers ends the probe with DEADLINE_EXCEEDED at its timeout.
///
/// Cost: reads and parses the protoset files; build a target's client once per configuration load and reuse it.
public struct TargetClientFactory: Sendable {
  /// The pool the clients share (run it for as long as the clients are used).
  public let pool: ConnectionPool

  public init(pool: ConnectionPool) { self.pool = pool }

  /// The client of `target`.
  ///
  /// - Throws: ``DynamicClientError``: `.invalidArgument` for a bad address or settings, `.descriptorSourceFailed`
  ///   for unreadable protosets.
  public func client(for target: TargetConfig) throws(DynamicClientError) -> DynamicClient {
    try DynamicClient(target: target.address, options: options(for: target), pool: pool)
  }

  /// The client options of `target` (see the type's documentation).
  public func options(for target: TargetConfig) throws(DynamicClientError) -> DynamicClientOptions {
    let connectTimeout = (target.probes.map(\.timeout).max() ?? .seconds(9)) + .seconds(1)
    let connection = ConnectionOptions(
      security: target.tls.map { .tls(Self.tlsOptions($0)) } ?? .plaintext, connectTimeout: connectTimeout)
    var options = DynamicClientOptions(
      connection: connection, timeout: connectTimeout,
      json: JSONOptions(emitDefaults: true, allowUnknownFields: false, useProtoNames: false, indent: nil),
      reflectHeaders: Self.metadata(target.metadata))
    if !target.protosets.isEmpty {
      let files = try ProtosetDescriptorSource(protosetPaths: target.protosets)
      options.descriptorSource = target.reflection ? .reflectionWithFallback(files) : .files(files)
    } else if !target.reflection {
      throw DynamicClientError(
        .invalidArgument, "target \(target.name): reflection is off and no protoset is configured")
    }
    options.cachesDescriptors = target.descriptorCacheTTL > .zero
    options.descriptorCacheTTL = target.descriptorCacheTTL
    return options
  }

  /// The TLS options of a target's `tls:` section.
  static func tlsOptions(_ tls: TLSConfig) -> TLSOptions {
    TLSOptions(
      caCertificatePath: tls.caFile, certificatePath: tls.certFile, keyPath: tls.keyFile,
      insecureSkipVerify: tls.insecureSkipVerify, serverName: tls.serverName)
  }

  /// Configured metadata entries as request headers, in order.
  static func metadata(_ entries: [MetadataEntry]) -> RPCMetadata {
    RPCMetadata(entries.map { RPCMetadata.Entry(name: $0.name, value: $0.value) })
  }
}
