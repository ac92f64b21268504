/// The agent's whole configuration, as loaded from `reflectprobe.yaml` (see the README's config reference).
///
/// A value type with defaults applied and every section validated: a probe's module is already merged into it
/// (``resolvedProbes``), secrets (`${ENV}`, files) are already read. Two loads of an unchanged file compare equal,
/// which is what SIGHUP uses to keep the state of unchanged probes.
public struct AgentConfiguration: Sendable, Equatable {
  /// Listener, storage, scheduling and retention settings.
  public var global: GlobalSettings
  /// Reusable probe definitions by name (blackbox_exporter's modules).
  public var modules: [String: ProbeModule]
  /// The targets, in file order.
  public var targets: [TargetConfig]
  /// The HTTP API's access settings (`api:`).
  public var api: APISettings = APISettings()

  public init(global: GlobalSettings = GlobalSettings(), modules: [String: ProbeModule] = [:], targets: [TargetConfig] = []) {
    self.global = global
    self.modules = modules
    self.targets = targets
  }
}

/// Agent-wide settings (`global:` in the file).
public struct GlobalSettings: Sendable, Equatable {
  /// `host:port` of the HTTP listener (`/metrics`, `/probe`, `/-/healthy`, the REST API). Default `127.0.0.1:9464`.
  public var listen: String = "127.0.0.1:9464"
  /// The SQLite history file. Default `reflectprobe.db` in `$STATE_DIRECTORY` (systemd) or the working directory.
  public var databasePath: String = "reflectprobe.db"
  /// Default probe interval (`30s`).
  public var interval: Duration = .seconds(30)
  /// Default probe timeout (`10s`); always below the probe's interval.
  public var timeout: Duration = .seconds(10)
  /// At most this many probes run at once across all targets (`64`).
  public var maxConcurrentProbes: Int = 64
  /// Grace period for in-flight probes on SIGTERM (`10s`).
  public var shutdownGracePeriod: Duration = .seconds(10)
  /// This agent's share of the targets when several agents split them (`hashmod`).
  public var sharding: Sharding? = nil
  /// How long each resolution of the history is kept.
  public var retention: Retention = Retention()

  public init() {}
}

/// `sharding: {total: N, index: i}`: this agent probes only targets whose name hashes to `index` modulo `total`.
public struct Sharding: Sendable, Equatable {
  public var total: Int
  public var index: Int
  public init(total: Int, index: Int) {
    self.total = total
    self.index = index
  }
}

/// Retention per resolution (`retention: {raw: 48h, minute: 30d, hour: 400d}`).
public struct Retention: Sendable, Equatable {
  public var raw: Duration = .seconds(48 * 3600)
  public var minute: Duration = .seconds(30 * 86400)
  public var hour: Duration = .seconds(400 * 86400)
  public init() {}
}

/// `api:`: who may use the agent's HTTP listener.
public struct APISettings: Sendable, Equatable {
  /// The bearer token every request must carry (`Authorization: Bearer TOKEN`), except to ``publicPaths``.
  /// A secret: `token: ${ENV}`, `token: {file: PATH}` or `token_file: PATH`. nil with ``requireToken`` (the
  /// default) makes the agent generate one into its state directory at start.
  public var token: String? = nil
  /// `require_token` (default true): false serves every path without a token — only for a listener nobody else
  /// can reach.
  public var requireToken: Bool = true
  /// Paths served without the token (`public_paths`, default `/metrics` and `/-/healthy`).
  public var publicPaths: [String] = ["/metrics", "/-/healthy"]
  public init() {}
}

/// A configured gRPC server (`targets:` entry).
public struct TargetConfig: Sendable, Equatable {
  /// Unique name; the `target` label.
  public var name: String
  /// `host:port`, as the CLI takes it.
  public var address: String
  /// nil: plaintext (`tls:` absent or `tls: false`); otherwise TLS with these settings.
  public var tls: TLSConfig?
  /// Extra labels on every series of this target's probes.
  public var labels: [String: String] = [:]
  /// Request headers sent on every call of this target (reflection and probes); values may be secrets.
  public var metadata: [MetadataEntry] = []
  /// Discover methods through reflection (default true); false needs `protoset`.
  public var reflection: Bool = true
  /// Protoset files used instead of (reflection false) or as fallback for reflection.
  public var protosets: [String] = []
  /// Descriptor cache TTL (default 300s, 0 disables).
  public var descriptorCacheTTL: Duration = .seconds(300)
  /// The probes of this target, module merged in.
  public var probes: [ProbeSpec] = []
  /// Whether the REST API may invoke methods of this target (`allow_invoke`, default true). Invoking runs any
  /// method, writes included, with the target's metadata: turning it off on production targets is a deliberate
  /// decision of the deployment.
  public var allowInvoke: Bool = true
  /// `invoke_methods`: when set, the only methods the REST API may invoke (`pkg.Service/Method`, or
  /// `pkg.Service/*` for all of a service). nil: every method.
  public var invokeMethods: [String]? = nil

  /// Whether `method` (`pkg.Service/Method`) may be invoked through the REST API.
  public func allowsInvoking(_ method: String) -> Bool {
    guard allowInvoke else { return false }
    guard let invokeMethods else { return true }
    let service = method.split(separator: "/", maxSplits: 1).first.map(String.init) ?? method
    return invokeMethods.contains { entry in
      var entry = entry.hasPrefix("/") ? String(entry.dropFirst()) : entry
      if !entry.contains("/"), let dot = entry.lastIndex(of: ".") { entry.replaceSubrange(dot...dot, with: "/") }
      return entry == method || entry == "\(service)/*"
    }
  }

  public init(name: String, address: String) {
    self.name = name
    self.address = address
  }
}

/// TLS settings of a target (`tls:`), the CLI's `-cacert`/`-cert`/`-key`/`-insecure`/`-servername`.
public struct TLSConfig: Sendable, Equatable {
  public var caFile: String?
  public var certFile: String?
  public var keyFile: String?
  public var insecureSkipVerify: Bool = false
  public var serverName: String?
  public init() {}
}

/// One request header. `secret` is true when its value came from `${ENV}` or a file: logs print `<redacted>`.
public struct MetadataEntry: Sendable, Equatable {
  public var name: String
  public var value: String
  public var secret: Bool
  public init(name: String, value: String, secret: Bool = false) {
    self.name = name
    self.value = value
    self.secret = secret
  }
}
