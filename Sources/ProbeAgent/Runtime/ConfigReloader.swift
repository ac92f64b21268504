import AgentConfig
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the configuration (SIGHUP, `POST /-/reload`): a valid new file replaces the probes, keeping the state,
/// history and schedule of unchanged ones; an invalid one is reported and the old configuration stays in force.
///
/// Settings read only at start (`listen`, `database`, `max_concurrent_probes`) are reported as needing a restart.
/// systemd is told `RELOADING=1` (with `MONOTONIC_USEC`) before and `READY=1` after.
public final class ConfigReloader: Sendable {
  let path: String
  let loader: ConfigLoader
  let tokenFile: APITokenFile
  let holder: ConfigurationHolder
  let scheduler: ProbeScheduler
  let metrics: AgentMetrics
  let board: ProbeStateBoard
  let clients: TargetClients
  let notifier: SystemdNotifier
  let logger: Logger

  init(
    path: String, loader: ConfigLoader, tokenFile: APITokenFile, holder: ConfigurationHolder,
    scheduler: ProbeScheduler, metrics: AgentMetrics, board: ProbeStateBoard, clients: TargetClients,
    notifier: SystemdNotifier, logger: Logger
  ) {
    self.path = path
    self.loader = loader
    self.tokenFile = tokenFile
    self.holder = holder
    self.scheduler = scheduler
    self.metrics = metrics
    self.board = board
    self.clients = clients
    self.notifier = notifier
    self.logger = logger
  }

  /// Reloads once; the error is the new file's problems.
  public func reload() async -> Result<Void, any Error> {
    try? notifier.reloading(status: "reloading \(path)")
    var configuration: AgentConfiguration
    do {
      configuration = try loader.load(path: path)
    } catch {
      metrics.configReloaded(success: false)
      logger.error(
        "config reload failed; keeping the previous configuration",
        metadata: ["file": "\(path)", "errors": "\(error.errors.map(\.description).joined(separator: "; "))"])
      try? notifier.ready(
        status: "reload failed, previous configuration kept: \(error.errors.first?.description ?? "")")
      return .failure(error)
    }
    do {
      configuration = try tokenFile.complete(configuration).configuration
    } catch {
      metrics.configReloaded(success: false)
      logger.error(
        "config reload failed; keeping the previous configuration", metadata: ["errors": "\(error.description)"])
      try? notifier.ready(status: "reload failed, previous configuration kept: \(error.description)")
      return .failure(error)
    }
    let previous = holder.current
    for setting in Self.restartOnlySettings(previous.global, configuration.global) {
      logger.warning("changed setting takes effect only after a restart", metadata: ["setting": "\(setting)"])
    }
    holder.replace(with: configuration)
    let probes = apply(configuration)
    metrics.configReloaded(success: true)
    try? notifier.ready(status: Self.status(configuration, probes: probes.count))
    return .success(())
  }

  /// Schedules the configuration's probes and forgets what belonged to removed ones.
  @discardableResult
  func apply(_ configuration: AgentConfiguration) -> [ScheduledProbe] {
    let probes = ScheduledProbe.all(in: configuration)
    let summary = scheduler.update(probes)
    let keys = Set(probes.map(\.key))
    metrics.retainOnly(keys)
    board.retainOnly(keys)
    clients.retainOnly(Set(probes.map(\.key.target)))
    logger.info(
      "configuration applied",
      metadata: [
        "file": "\(path)", "probes": "\(probes.count)", "added": "\(summary.added)", "changed": "\(summary.changed)",
        "removed": "\(summary.removed)", "unchanged": "\(summary.unchanged)",
      ])
    return probes
  }

  static func status(_ configuration: AgentConfiguration, probes: Int) -> String {
    "probing \(configuration.targets.count) targets, \(probes) probes"
  }

  static func restartOnlySettings(_ old: GlobalSettings, _ new: GlobalSettings) -> [String] {
    var changed: [String] = []
    if old.listen != new.listen { changed.append("global.listen") }
    if old.databasePath != new.databasePath { changed.append("global.database") }
    if old.maxConcurrentProbes != new.maxConcurrentProbes { changed.append("global.max_concurrent_probes") }
    if old.retention != new.retention { changed.append("global.retention") }
    return changed
  }
}

/// SIGHUP → ``ConfigReloader/reload()``, until graceful shutdown.
struct ReloadSignalService: Service {
  let reloader: ConfigReloader

  func run() async throws {
    for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
      _ = await reloader.reload()
    }
  }
}
