import GRPCDynamic
import ProbeStore
import ServiceLifecycle

/// The history store's writer as a service: runs until graceful shutdown, then closes the store, which commits
/// everything queued. Listed first in the group, so it stops last, after the scheduler's last results.
struct HistoryStoreService: Service {
  let store: any HistoryStore

  func run() async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await store.run() }
      try? await gracefulShutdown()
      try await store.close()
      try await group.waitForAll()
    }
  }
}

/// The gRPC connection pool as a service: closes idle connections while running, all of them on shutdown.
struct ConnectionPoolService: Service {
  let pool: ConnectionPool

  func run() async throws {
    await withGracefulShutdownHandler {
      await pool.run()
    } onGracefulShutdown: {
      pool.shutdown()
    }
  }
}

/// Tells systemd `STOPPING=1` as soon as a graceful shutdown begins. Listed last, so it is told first.
struct StoppingNotifierService: Service {
  let notifier: SystemdNotifier

  func run() async throws {
    try? await gracefulShutdown()
    try? notifier.stopping(status: "finishing probes in flight, flushing history")
  }
}
