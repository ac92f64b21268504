import Synchronization

/// Thread-safe counters of the reflection streams a ``ReflectionService`` served, so tests can assert a client's
/// descriptor cache from the server side (a cached client opens no new stream).
public final class ReflectionCounters: Sendable {
  /// A consistent copy of every counter.
  public struct Snapshot: Sendable, Equatable {
    /// Streams opened since start, any version.
    public var streamsOpened: Int = 0
    /// Streams opened on `grpc.reflection.v1.ServerReflection`.
    public var v1StreamsOpened: Int = 0
    /// Streams opened on `grpc.reflection.v1alpha.ServerReflection`.
    public var v1alphaStreamsOpened: Int = 0
    /// Streams open right now.
    public var activeStreams: Int = 0
    /// Requests answered (one response each), any version.
    public var requestsServed: Int = 0
  }

  private let state = Mutex(Snapshot())

  public init() {}

  /// Every counter, read at once.
  public var snapshot: Snapshot { state.withLock { $0 } }
  /// Streams opened since start, any version.
  public var streamsOpened: Int { snapshot.streamsOpened }
  /// Requests answered since start, any version.
  public var requestsServed: Int { snapshot.requestsServed }

  func streamOpened(_ version: ReflectionVersion) {
    state.withLock {
      $0.streamsOpened += 1
      $0.activeStreams += 1
      switch version {
      case .v1: $0.v1StreamsOpened += 1
      case .v1alpha: $0.v1alphaStreamsOpened += 1
      }
    }
  }

  func streamClosed() { state.withLock { $0.activeStreams -= 1 } }
  func requestServed() { state.withLock { $0.requestsServed += 1 } }
}
