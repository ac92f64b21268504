import AgentConfig
import Foundation
import GRPCDynamic
import Logging
import ProbeStore
import ServiceLifecycle
import Synchronization

/// `reflectprobe agent`: wires configuration, store, connection pool, scheduler, metrics, HTTP listener, reload
/// and systemd notification into one `ServiceGroup`, and runs it until SIGTERM/SIGINT.
///
/// Start order: load config (invalid → ``AgentStartupError``, nothing started), open the store and restore the
/// last state of every probe, schedule, listen; `READY=1` once the listener is bound. Shutdown (reverse order):
/// `STOPPING=1`, stop the listener, stop scheduling and let runs in flight finish (bounded by
/// `shutdown_grace_period`), close connections, flush and close the store.
public struct AgentRuntime: Sendable {
  /// What the command line sets.
  public struct Options: Sendable {
    public var configPath: String
    /// Overrides `global.listen` (tests use port 0).
    public var listen: String?
    public var environment: [String: String]
    /// Printed on stdout once listening: `listening on HOST:PORT`.
    public var announce: @Sendable (String) -> Void

    public init(
      configPath: String, listen: String? = nil,
      environment: [String: String] = ProcessInfo.processInfo.environment,
      announce: @escaping @Sendable (String) -> Void = { print($0) }
    ) {
      self.configPath = configPath
      self.listen = listen
      self.environment = environment
      self.announce = announce
    }
  }

  public let options: Options
  public let logger: Logger

  public init(options: Options, logger: Logger) {
    self.options = options
    self.logger = logger
  }

  /// Runs the agent until a graceful shutdown completes.
  /// - Throws: ``AgentStartupError`` when the configuration or the store cannot be used.
  public func run() async throws {
    let loader = ConfigLoader(environment: options.environment)
    var configuration: AgentConfiguration
    do {
      configuration = try loader.load(path: options.configPath)
    } catch {
      throw AgentStartupError(.invalidConfiguration, error.errors.map(\.description).joined(separator: "\n"))
    }
    let global = configuration.global
    let store: SQLiteHistoryStore
    do {
      store = try SQLiteHistoryStore(path: global.databasePath, retention: RetentionPolicy(global.retention))
    } catch {
      throw AgentStartupError(.storeUnavailable, "cannot open the history database \(global.databasePath): \(error)")
    }
    let tokenFile = APITokenFile(databasePath: global.databasePath)
    do {
      let completed = try tokenFile.complete(configuration)
      configuration = completed.configuration
      if completed.generated {
        logger.notice(
          completed.created ? "generated an API token (api.token not set)" : "using the generated API token",
          metadata: ["token_file": "\(tokenFile.path)"])
      }
    } catch {
      throw AgentStartupError(.apiTokenUnavailable, error.description)
    }
    let notifier = SystemdNotifier(environment: options.environment)
    let holder = ConfigurationHolder(configuration)
    let metrics = AgentMetrics(version: ReflectProbeVersion.current)
    let board = ProbeStateBoard(restoring: (try? await store.lastSamples()) ?? [:])
    let pool = ConnectionPool(configuration: .init(shutdownGracePeriod: global.shutdownGracePeriod))
    let clients = TargetClients(factory: TargetClientFactory(pool: pool))
    let runner = ProbeRunner(clients: clients, store: store, metrics: metrics, board: board, logger: logger)
    let scheduler = ProbeScheduler(
      probes: [], executor: runner, concurrencyLimit: global.maxConcurrentProbes)
    let reloader = ConfigReloader(
      path: options.configPath, loader: loader, tokenFile: tokenFile, holder: holder, scheduler: scheduler,
      metrics: metrics, board: board, clients: clients, notifier: notifier, logger: logger)
    let probes = reloader.apply(configuration)
    metrics.configReloaded(success: true)
    let housekeeping = Housekeeping(store: store, metrics: metrics, holder: holder, logger: logger)
    let ready = Atomic<Bool>(false)
    let announce = options.announce
    let dependencies = AgentHTTPDependencies(
      renderMetrics: {
        metrics.setStoreQueueLength(store.queueLength)
        return metrics.renderBuffer()
      },
      isReady: { ready.load(ordering: .relaxed) },
      configuration: { holder.current },
      probe: { target, spec, timeout in
        var spec = spec
        spec.timeout = min(spec.timeout, timeout)
        return await runner.run(target: target, spec: spec)
      },
      reload: { await reloader.reload() },
      probeStates: { board.all },
      client: { target in try clients.client(for: target) },
      store: store)
    let http = try AgentHTTPServer.makeApplication(
      listen: options.listen ?? global.listen, dependencies: dependencies, logger: logger,
      onServerRunning: { port in
        ready.store(true, ordering: .relaxed)
        let host = (try? ListenAddress(parsing: options.listen ?? global.listen).host) ?? "127.0.0.1"
        announce("listening on \(ListenAddress(host: host, port: port))")
        try? notifier.ready(status: ConfigReloader.status(holder.current, probes: probes.count))
      })
    let watchdog = WatchdogService(environment: options.environment) { housekeeping.isAlive }
    var groupConfiguration = ServiceGroupConfiguration(
      services: [
        .init(service: HistoryStoreService(store: store)),
        .init(service: ConnectionPoolService(pool: pool)),
        .init(service: scheduler),
        .init(service: housekeeping),
        .init(service: ReloadSignalService(reloader: reloader)),
        .init(service: http),
        .init(service: watchdog),
        .init(service: StoppingNotifierService(notifier: notifier)),
      ],
      gracefulShutdownSignals: [.sigterm, .sigint],
      logger: logger)
    groupConfiguration.maximumGracefulShutdownDuration = global.shutdownGracePeriod + .seconds(5)
    logger.info(
      "starting",
      metadata: [
        "config": "\(options.configPath)", "database": "\(global.databasePath)",
        "targets": "\(configuration.targets.count)", "probes": "\(probes.count)",
      ])
    try await ServiceGroup(configuration: groupConfiguration).run()
    logger.info("stopped")
  }
}

/// Why the agent could not start; the command prints the message and exits 1.
public struct AgentStartupError: Error, CustomStringConvertible, Sendable {
  public enum Code: String, Sendable {
    case invalidConfiguration, storeUnavailable, apiTokenUnavailable, listenFailed
  }
  public let code: Code
  public let message: String
  public init(_ code: Code, _ message: String) {
    self.code = code
    self.message = message
  }
  public var description: String { message }
}

/// The agent's version, for `reflectprobe_build_info` and `--version`.
public enum ReflectProbeVersion {
  public static let current = "0.1.0"
}

extension RetentionPolicy {
  /// The store's retention from the config's `global.retention`.
  init(_ retention: Retention) {
    self.init(
      raw: TimeInterval(retention.raw.components.seconds), minute: TimeInterval(retention.minute.components.seconds),
      hour: TimeInterval(retention.hour.components.seconds))
  }
}
