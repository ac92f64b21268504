import Foundation

/// What the scheduler hands each due run to. The agent's implementation (``ProbeRunner``) runs the prober under
/// the probe's deadline, then stores and exports the outcome.
public protocol ProbeExecutor: Sendable {
  /// Runs `probe` once. Must return by `startedAt + probe.spec.timeout` (plus a small margin): the executor
  /// enforces the deadline, the scheduler only guarantees a probe never overlaps itself.
  func execute(_ probe: ScheduledProbe, scheduledAt: Date, startedAt: Date) async
  /// `count` due runs of `probe` were skipped (the concurrency limit held them past their next slot).
  func missed(_ probe: ScheduledProbe, count: Int)
}
