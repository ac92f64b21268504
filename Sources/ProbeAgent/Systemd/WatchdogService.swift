import Foundation
import ServiceLifecycle

#if canImport(Glibc)
  import Glibc
#endif

/// Pings systemd's watchdog (`WATCHDOG=1`) every half `WATCHDOG_USEC` while the agent is healthy.
///
/// With `WatchdogSec=` in the unit, systemd sets `WATCHDOG_USEC` (and `WATCHDOG_PID`, which must name this
/// process) and restarts the service when pings stop. A ping is sent only when ``healthy`` returns true (the
/// runtime checks that its scheduler still makes progress), so a wedged agent stops pinging and gets
/// restarted. Without the variables, or when `WATCHDOG_PID` names another process, ``run()`` just waits for
/// graceful shutdown. Ends on graceful shutdown or cancellation.
public struct WatchdogService: Service {
  /// Time between pings: half the watchdog timeout; nil when the watchdog is off.
  public let interval: Duration?
  private let notifier: SystemdNotifier
  private let healthy: @Sendable () async -> Bool

  /// - Parameters:
  ///   - environment: where `WATCHDOG_USEC`, `WATCHDOG_PID` and `NOTIFY_SOCKET` are read.
  ///   - healthy: asked before every ping; false skips it.
  public init(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    healthy: @escaping @Sendable () async -> Bool
  ) {
    notifier = SystemdNotifier(environment: environment)
    self.healthy = healthy
    interval = Self.interval(environment: environment, pid: getpid())
  }

  public func run() async throws {
    guard let interval, notifier.isEnabled else {
      try? await gracefulShutdown()
      return
    }
    while !Task.isCancelled && !Task.isShuttingDownGracefully {
      if await healthy() { try? notifier.watchdog() }
      do {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
      } catch {
        return
      }
    }
  }

  /// Half of `WATCHDOG_USEC` when it is set, positive, and meant for `pid` (`WATCHDOG_PID` absent or equal).
  static func interval(environment: [String: String], pid: pid_t) -> Duration? {
    guard let text = environment["WATCHDOG_USEC"], let usec = UInt64(text), usec > 0 else { return nil }
    if let owner = environment["WATCHDOG_PID"], !owner.isEmpty, pid_t(owner) != pid { return nil }
    return .microseconds(Int64(clamping: usec / 2))
  }
}
