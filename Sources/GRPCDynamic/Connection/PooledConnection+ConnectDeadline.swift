extension PooledConnection {
  /// Runs `operation`, failing it with `.connectionFailed` when the connection is still not ready after the
  /// connect timeout. A connection that was ready once runs `operation` directly (reconnects are the transport's).
  func withConnectDeadline<R: Sendable>(
    poolRunning: @escaping @Sendable () -> Bool, _ operation: @escaping @Sendable () async throws -> R
  ) async throws -> R {
    if probe.everReady { return try await operation() }
    let timeout = key.options.connectTimeout
    return try await withThrowingTaskGroup(of: R?.self, returning: R.self) { group in
      group.addTask { try await operation() }
      group.addTask {
        try await Task.sleep(for: timeout)
        if !self.probe.everReady { throw self.connectTimeoutError(poolRunning: poolRunning()) }
        return nil
      }
      while let result = try await group.next() {
        if let value = result {
          group.cancelAll()
          return value
        }
      }
      throw CancellationError()
    }
  }
}
