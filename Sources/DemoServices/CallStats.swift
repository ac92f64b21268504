import GRPCCore
import Synchronization

/// Counts the RPCs a server handled and the distinct client connections they came on (each TCP connection has
/// its own `remotePeer`, e.g. `ipv4:127.0.0.1:53124`). Fed by ``CallStatsInterceptor``.
public final class CallStats: Sendable {
  /// A consistent copy of the counters.
  public struct Snapshot: Sendable, Equatable {
    /// RPCs started.
    public var calls = 0
    /// Distinct client peers seen.
    public var connections = 0
    /// RPCs started per method path (`/pkg.Service/Method`).
    public var callsByMethod: [String: Int] = [:]
  }

  private struct State {
    var calls = 0
    var peers: Set<String> = []
    var callsByMethod: [String: Int] = [:]
  }

  private let state = Mutex(State())

  public init() {}

  /// Every counter, read at once.
  public var snapshot: Snapshot {
    state.withLock { Snapshot(calls: $0.calls, connections: $0.peers.count, callsByMethod: $0.callsByMethod) }
  }

  func record(method: MethodDescriptor, peer: String) {
    state.withLock { state in
      state.calls += 1
      // Bounded: a peer set larger than this means a runaway client; stop growing it.
      if state.peers.count < 100_000 { state.peers.insert(peer) }
      state.callsByMethod["/\(method.service.fullyQualifiedService)/\(method.method)", default: 0] += 1
    }
  }
}

/// A server interceptor recording each RPC in a ``CallStats``. Apply it to the services whose traffic tests
/// observe (the demo leaves its admin service out, so reading the stats does not change them).
public struct CallStatsInterceptor: ServerInterceptor {
  public let stats: CallStats

  public init(stats: CallStats) {
    self.stats = stats
  }

  public func intercept<Input: Sendable, Output: Sendable>(
    request: StreamingServerRequest<Input>,
    context: ServerContext,
    next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
  ) async throws -> StreamingServerResponse<Output> {
    stats.record(method: context.descriptor, peer: context.remotePeer)
    return try await next(request, context)
  }
}
