import GRPCDynamic
import Synchronization

/// The phases of one probe run, as wall-clock windows, turned into `phases` seconds at the end.
///
/// What each phase measures:
/// - `reflection`: resolving descriptors — the method's (invoke) or the whole schema (discovery), from the
///   descriptor cache or the server's reflection service;
/// - `call`: the RPC itself — `Health/Check` or the invoked method, from sending to its status (or, for a bounded
///   server stream, to the last response taken);
/// - `connect`: establishing the connection (TCP, TLS, HTTP/2 preface up to the server's SETTINGS) when this run
///   waited for one, 0 when it reused a ready connection. It is carved out of the window it happened in, so the
///   phases add up to at most the run's duration. A run that never got a connection spends its failing window in
///   `connect`.
final class ProbeTimeline: Sendable {
  private struct Window {
    var phase: String
    var start: ContinuousClock.Instant
    var end: ContinuousClock.Instant?
  }

  private struct ClosedWindow {
    var phase: String
    var start: ContinuousClock.Instant
    var end: ContinuousClock.Instant
  }

  let start: ContinuousClock.Instant
  private let windows = Mutex<[Window]>([])

  init(start: ContinuousClock.Instant) { self.start = start }

  /// Runs `body` as one window of `phase` (closed even when it throws or is cancelled).
  func measure<R>(_ phase: String, _ body: () async throws -> R) async rethrows -> R {
    let index = windows.withLock { windows in
      windows.append(Window(phase: phase, start: .now))
      return windows.count - 1
    }
    defer {
      let end = ContinuousClock.now
      windows.withLock { $0[index].end = end }
    }
    return try await body()
  }

  /// Seconds of the phase's windows so far (open ones up to now).
  func seconds(of phase: String) -> Double {
    let now = ContinuousClock.now
    return windows.withLock { windows in
      windows.filter { $0.phase == phase }.reduce(0) { $0 + Self.seconds(($1.end ?? now) - $1.start) }
    }
  }

  /// The phases in seconds, `connect` always present.
  ///
  /// - Parameters:
  ///   - end: when the run ended (closes windows still open).
  ///   - connection: what the client's connection observed, read after the run.
  ///   - connectionFailed: the run failed because no connection could be made.
  func phases(end: ContinuousClock.Instant, connection: ConnectionObservation?, connectionFailed: Bool)
    -> [String: Double]
  {
    var closed = windows.withLock { $0 }.map { window in
      ClosedWindow(phase: window.phase, start: window.start, end: min(window.end ?? end, end))
    }
    var connect = Duration.zero
    if let readyAt = connection?.lastReadyAt, readyAt >= start, readyAt <= end,
      let establishment = connection?.lastEstablishmentDuration
    {
      // The connection became ready during this run: carve its establishment out of the window that waited for
      // it (none did if it became ready between windows, e.g. for another probe of the target).
      if let index = closed.firstIndex(where: { $0.start <= readyAt && readyAt <= $0.end }) {
        connect = min(establishment, readyAt - closed[index].start)
        closed[index].start = closed[index].start + connect
      }
    } else if connectionFailed || connection?.everReady == false, let last = closed.indices.last {
      // Never connected: the failing window was all spent connecting.
      connect = closed[last].end - closed[last].start
      closed[last].end = closed[last].start
    }
    var phases: [String: Double] = ["connect": Self.seconds(connect)]
    for window in closed {
      phases[window.phase, default: 0] += Self.seconds(window.end - window.start)
    }
    return phases
  }
}

extension ProbeTimeline {
  /// A duration in seconds, as a `Double`.
  static func seconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) + Double(attoseconds) * 1e-18
  }
}
