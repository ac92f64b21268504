import GRPCProtos
import Synchronization

/// The serving status of each service of a server (`""` = the server as a whole), switchable at run time, with
/// watchers notified of every change. Backs ``HealthService``.
public final class HealthStatusStore: Sendable {
  public typealias Status = Grpc_Health_V1_HealthCheckResponse.ServingStatus

  private struct Watcher {
    let service: String
    let continuation: AsyncStream<Status>.Continuation
  }

  private struct State {
    var statuses: [String: Status] = [:]
    var watchers: [Int: Watcher] = [:]
    var nextWatcherID = 0
    var isShutDown = false
  }

  private let state = Mutex(State())

  /// The status named as in the .proto (`SERVING`, `NOT_SERVING`, `UNKNOWN`, `SERVICE_UNKNOWN`), case-insensitive.
  public static func status(named name: String) -> Status? {
    switch name.uppercased() {
    case "SERVING": .serving
    case "NOT_SERVING": .notServing
    case "UNKNOWN": .unknown
    case "SERVICE_UNKNOWN": .serviceUnknown
    default: nil
    }
  }

  /// - Parameter statuses: the initial status per service name.
  public init(_ statuses: [String: Status] = [:]) {
    state.withLock { $0.statuses = statuses }
  }

  /// The status of one service, or nil when the store does not know it.
  public func status(of service: String) -> Status? { state.withLock { $0.statuses[service] } }

  /// Every known status.
  public var all: [String: Status] { state.withLock { $0.statuses } }

  /// Number of `Watch` streams open right now.
  public var watcherCount: Int { state.withLock { $0.watchers.count } }

  /// Sets a status and tells the service's watchers. Ignored after ``shutDown()``.
  public func set(_ status: Status, for service: String) {
    state.withLock { state in
      guard !state.isShutDown else { return }
      state.statuses[service] = status
      for watcher in state.watchers.values where watcher.service == service {
        watcher.continuation.yield(status)
      }
    }
  }

  /// Forgets a service: its watchers see SERVICE_UNKNOWN.
  public func remove(_ service: String) {
    state.withLock { state in
      state.statuses[service] = nil
      for watcher in state.watchers.values where watcher.service == service {
        watcher.continuation.yield(.serviceUnknown)
      }
    }
  }

  /// Marks every service NOT_SERVING, tells the watchers, then ends every watch stream so a graceful server
  /// shutdown does not wait on them. Later changes are ignored.
  public func shutDown() {
    let ended: [AsyncStream<Status>.Continuation] = state.withLock { state in
      state.isShutDown = true
      for key in state.statuses.keys { state.statuses[key] = .notServing }
      let continuations = state.watchers.values.map(\.continuation)
      state.watchers.removeAll()
      return continuations
    }
    // Outside the lock: finishing runs onTermination, which takes the lock.
    for continuation in ended {
      continuation.yield(.notServing)
      continuation.finish()
    }
  }

  /// One watcher's statuses: the current one (SERVICE_UNKNOWN when unknown) first, then each change.
  public struct Watch: Sendable {
    /// Ends when ``cancel()`` is called, the consuming task is cancelled, or the store shuts down.
    public let statuses: AsyncStream<Status>
    let continuation: AsyncStream<Status>.Continuation

    /// Ends the stream and releases the watcher (safe to call more than once, from any thread).
    public func cancel() { continuation.finish() }
  }

  /// Starts watching a service. The watcher is removed when its stream ends (see ``Watch``).
  public func watch(_ service: String) -> Watch {
    let (stream, continuation) = AsyncStream.makeStream(of: Status.self, bufferingPolicy: .bufferingNewest(16))
    let id: Int? = state.withLock { state in
      if state.isShutDown { return nil }
      let id = state.nextWatcherID
      state.nextWatcherID += 1
      state.watchers[id] = Watcher(service: service, continuation: continuation)
      continuation.yield(state.statuses[service] ?? .serviceUnknown)
      return id
    }
    if let id {
      continuation.onTermination = { [weak self] _ in self?.removeWatcher(id) }
    } else {
      continuation.yield(.notServing)
      continuation.finish()
    }
    return Watch(statuses: stream, continuation: continuation)
  }

  private func removeWatcher(_ id: Int) {
    _ = state.withLock { $0.watchers.removeValue(forKey: id) }
  }
}
