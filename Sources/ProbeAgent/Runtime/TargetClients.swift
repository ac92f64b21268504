import AgentConfig
import GRPCDynamic
import Synchronization

/// One ``DynamicClient`` per target, rebuilt when the target's settings change (reload). Clients share the
/// agent's connection pool, so connections and descriptor caches outlive a client value.
public final class TargetClients: Sendable {
  private let factory: TargetClientFactory
  private let clients = Mutex<[String: (target: TargetConfig, client: DynamicClient)]>([:])

  public init(factory: TargetClientFactory) { self.factory = factory }

  public func client(for target: TargetConfig) throws -> DynamicClient {
    // Probes are part of the client's settings (the connect timeout follows the longest probe timeout).
    if let cached = clients.withLock({ $0[target.name] }), cached.target == target { return cached.client }
    let client = try factory.client(for: target)
    clients.withLock { $0[target.name] = (target, client) }
    return client
  }

  /// Forgets clients of targets no longer configured.
  public func retainOnly(_ names: Set<String>) {
    clients.withLock { clients in clients = clients.filter { names.contains($0.key) } }
  }
}
