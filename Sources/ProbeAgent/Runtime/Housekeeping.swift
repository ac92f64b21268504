import AgentConfig
import Foundation
import Logging
import ProbeStore
import ServiceLifecycle
import Synchronization

/// Periodic work beside the probes: availability ratios from the store into metrics (1h and 24h every minute,
/// 30d every 15 minutes, all at start), retention (every 5 minutes), and a heartbeat the systemd watchdog checks.
/// (The store's queue length is read at each `/metrics` render.)
final class Housekeeping: Service, Sendable {
  static let tick = Duration.seconds(5)
  static let availabilityEvery = 12  // ticks: one minute
  /// A 30-day ratio barely moves in a minute, and its query reads up to 720 hour rows per probe.
  static let monthAvailabilityEvery = 180  // ticks: 15 minutes
  static let retentionEvery = 60  // ticks: five minutes

  let store: any HistoryStore
  let metrics: AgentMetrics
  let holder: ConfigurationHolder
  let logger: Logger
  private let lastBeat = Mutex<ContinuousClock.Instant>(.now)

  init(store: any HistoryStore, metrics: AgentMetrics, holder: ConfigurationHolder, logger: Logger) {
    self.store = store
    self.metrics = metrics
    self.holder = holder
    self.logger = logger
  }

  /// True while the loop keeps ticking (the watchdog's health check).
  var isAlive: Bool { ContinuousClock.now - lastBeat.withLock { $0 } < Self.tick * 3 }

  func run() async throws {
    var tick = 0
    while !Task.isShuttingDownGracefully && !Task.isCancelled {
      lastBeat.withLock { $0 = .now }
      if tick % Self.availabilityEvery == 0 {
        await updateAvailability(
          AvailabilityWindow.allCases.filter { $0 != .month || tick % Self.monthAvailabilityEvery == 0 })
      }
      if tick % Self.retentionEvery == Self.retentionEvery / 2 {
        do { try await store.applyRetention(now: Date()) } catch {
          logger.error("retention failed", metadata: ["error": "\(error)"])
        }
      }
      tick += 1
      do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: Self.tick) } } catch { return }
    }
  }

  /// `reflectprobe_availability_ratio{window}` for every scheduled probe: one store query per window.
  func updateAvailability(_ windows: [AvailabilityWindow] = AvailabilityWindow.allCases) async {
    let now = Date()
    let probes = ScheduledProbe.all(in: holder.current)
    for window in windows {
      guard !Task.isShuttingDownGracefully else { return }
      do {
        let counts = try await store.availability(since: now.addingTimeInterval(-window.length))
        for probe in probes {
          guard let count = counts[probe.key], count.count > 0 else { continue }
          metrics.setAvailability(
            target: probe.target, probe: probe.spec, window: window,
            ratio: Double(count.successes) / Double(count.count))
        }
      } catch {
        logger.error("availability query failed", metadata: ["window": "\(window.rawValue)", "error": "\(error)"])
        return
      }
    }
  }
}
