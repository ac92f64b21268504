import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization

/// Shares one gRPC client (one HTTP/2 connection) per server address and ``ConnectionOptions`` among all callers,
/// closes clients that stay idle, and owns the tasks that keep them running.
///
/// grpc-swift clients only work while their `runConnections()` runs; the pool runs each one as a child task of
/// ``run()``, so nothing outlives the pool: call ``run()`` in a task (or a service group) for as long as the pool
/// is used, or use ``withConnectionPool(configuration:isolation:_:)`` for a scoped pool. Reconnection after a
/// dropped connection, with the options' backoff, is the transport's. The pool also holds the
/// ``DescriptorCache`` shared by the clients built on it, and remembers which reflection version each server
/// speaks.
public final class ConnectionPool: Sendable {
  /// Idle closing and cache lifetime.
  public struct Configuration: Sendable {
    /// A client with no call in flight for this long is closed (its next use reconnects).
    public var idleTimeout: Duration
    /// How long reflected descriptors stay cached; `.zero` disables the cache.
    public var descriptorCacheTTL: Duration
    /// After ``ConnectionPool/shutdown()``, how long open calls may take to finish before connections are closed
    /// at once.
    public var shutdownGracePeriod: Duration

    public init(
      idleTimeout: Duration = .seconds(120), descriptorCacheTTL: Duration = .seconds(300),
      shutdownGracePeriod: Duration = .seconds(2)
    ) {
      self.idleTimeout = idleTimeout
      self.descriptorCacheTTL = descriptorCacheTTL
      self.shutdownGracePeriod = shutdownGracePeriod
    }
  }

  private struct Entry {
    let connection: PooledConnection
    var leases = 0
    var lastUsed = ContinuousClock.now
  }

  private struct State {
    var entries: [ConnectionKey: Entry] = [:]
    var isRunning = false
    var isShutDown = false
    /// Clients whose `runConnections()` has not returned yet.
    var runningClients = 0
    var reflectionVersions: [String: ReflectionVersion] = [:]
  }

  /// The pool's settings.
  public let configuration: Configuration
  /// Descriptors fetched by reflection, per server, shared by every ``DynamicClient`` on this pool.
  public let descriptorCache: DescriptorCache
  private let state = Mutex(State())
  private let started: AsyncStream<PooledConnection>
  private let startedContinuation: AsyncStream<PooledConnection>.Continuation

  public init(configuration: Configuration = Configuration()) {
    self.configuration = configuration
    self.descriptorCache = DescriptorCache(ttl: configuration.descriptorCacheTTL)
    (started, startedContinuation) = AsyncStream.makeStream()
  }

  /// Runs the pool's clients until ``shutdown()`` is called (then in-flight calls get the grace period to finish)
  /// or the task is cancelled (then connections close at once). Call it once: a second call returns at once.
  public func run() async {
    let first = state.withLock { state in
      defer { state.isRunning = true }
      return !state.isRunning
    }
    guard first else { return }
    defer { shutdown() }
    await withTaskGroup(of: Void.self) { timers in
      timers.addTask { await self.closeIdleClients() }
      // A child throwing (the grace period running out) cancels the clients still running.
      try? await withThrowingDiscardingTaskGroup { clients in
        for await connection in started {
          state.withLock { $0.runningClients += 1 }
          clients.addTask {
            try? await connection.runConnections()
            self.state.withLock { $0.runningClients -= 1 }
            self.forget(connection)
          }
        }
        clients.addTask { try await self.enforceGracePeriod() }
      }
      timers.cancelAll()
    }
  }

  /// Once shutdown has begun: returns when every client has stopped, throws when the grace period ends first.
  private func enforceGracePeriod() async throws {
    struct GracePeriodExpired: Error {}
    let deadline = ContinuousClock.now + configuration.shutdownGracePeriod
    while state.withLock({ $0.runningClients }) > 0 {
      if ContinuousClock.now >= deadline { throw GracePeriodExpired() }
      try await Task.sleep(for: .milliseconds(5))
    }
  }

  /// Stops accepting calls and closes every client gracefully; ``run()`` returns once their calls have finished.
  public func shutdown() {
    let connections = state.withLock { state -> [PooledConnection] in
      state.isShutDown = true
      defer { state.entries = [:] }
      return state.entries.values.map(\.connection)
    }
    for connection in connections { connection.beginGracefulShutdown() }
    startedContinuation.finish()
  }

  /// Open clients (each holds at most one HTTP/2 connection).
  public var openClientCount: Int { state.withLock { $0.entries.count } }

  /// Whether ``run()`` has started.
  var isRunning: Bool { state.withLock { $0.isRunning } }

  /// Runs `body` with the shared client for `address` and `options`, creating it on first use.
  ///
  /// - Throws: ``DynamicClientError`` `.connectionFailed` after ``shutdown()``, `.tlsFailed` when the TLS
  ///   settings are unusable, and whatever `body` throws.
  func withConnection<R: Sendable>(
    to address: ServerAddress, options: ConnectionOptions,
    _ body: (PooledConnection) async throws -> R
  ) async throws -> R {
    let connection = try lease(ConnectionKey(address: address, options: options))
    defer { release(connection) }
    return try await body(connection)
  }

  /// The pooled client for `address` and `options`, if one exists; never creates one.
  func existingConnection(to address: ServerAddress, options: ConnectionOptions) -> PooledConnection? {
    state.withLock { $0.entries[ConnectionKey(address: address, options: options)]?.connection }
  }

  private func lease(_ key: ConnectionKey) throws -> PooledConnection {
    try state.withLock { state throws -> PooledConnection in
      guard !state.isShutDown else {
        throw DynamicClientError(.connectionFailed, "the connection pool has been shut down")
      }
      if var entry = state.entries[key] {
        entry.leases += 1
        state.entries[key] = entry
        return entry.connection
      }
      let connection = try PooledConnection(key: key) { [startedContinuation] in startedContinuation.yield($0) }
      state.entries[key] = Entry(connection: connection, leases: 1)
      return connection
    }
  }

  private func release(_ connection: PooledConnection) {
    state.withLock { state in
      guard var entry = state.entries[connection.key], entry.connection === connection else { return }
      entry.leases -= 1
      entry.lastUsed = .now
      state.entries[connection.key] = entry
    }
  }

  /// Drops a client whose `runConnections()` returned, so the next call makes a new one.
  private func forget(_ connection: PooledConnection) {
    state.withLock { state in
      if state.entries[connection.key]?.connection === connection { state.entries[connection.key] = nil }
    }
  }

  /// Every quarter of the idle timeout, closes clients unused for the idle timeout. Ends when cancelled.
  private func closeIdleClients() async {
    let idle = configuration.idleTimeout
    let interval = max(min(idle / 4, .seconds(5)), .milliseconds(10))
    while !Task.isCancelled {
      do { try await Task.sleep(for: interval) } catch { return }
      let now = ContinuousClock.now
      let expired = state.withLock { state -> [PooledConnection] in
        let keys = state.entries.filter { $0.value.leases == 0 && now - $0.value.lastUsed >= idle }.map(\.key)
        return keys.compactMap { state.entries.removeValue(forKey: $0)?.connection }
      }
      for connection in expired { connection.beginGracefulShutdown() }
    }
  }

  // MARK: Reflection version memory

  /// The reflection version known to work for a server, if any.
  func reflectionVersion(for target: String) -> ReflectionVersion? {
    state.withLock { $0.reflectionVersions[target] }
  }

  func remember(_ version: ReflectionVersion, for target: String) {
    state.withLock { $0.reflectionVersions[target] = version }
  }
}

/// Runs `body` with a fresh ``ConnectionPool`` whose clients run for the duration of the call, then shuts it down
/// gracefully — the one-shot form for a CLI command or a test.
public func withConnectionPool<R: Sendable>(
  configuration: ConnectionPool.Configuration = ConnectionPool.Configuration(),
  isolation: isolated (any Actor)? = #isolation,
  _ body: (ConnectionPool) async throws -> R
) async throws -> R {
  let pool = ConnectionPool(configuration: configuration)
  return try await withThrowingTaskGroup(of: Void.self, returning: R.self) { group in
    group.addTask { await pool.run() }
    do {
      let result = try await body(pool)
      pool.shutdown()
      try await group.waitForAll()
      return result
    } catch {
      pool.shutdown()
      try? await group.waitForAll()
      throw error
    }
  }
}
