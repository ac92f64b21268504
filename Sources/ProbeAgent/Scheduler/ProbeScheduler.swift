import Foundation
import NIOCore
import NIOPosix
import ProbeStore
import ServiceLifecycle
import Synchronization

/// Runs every configured probe at its interval: each on its stable slot (``ScheduleSlot``), never overlapping
/// itself, at most `concurrencyLimit` at once across all probes, due runs that could not start before the next
/// slot counted as missed.
///
/// An idle probe costs one timer on an event loop's timer heap, not a sleeping task. When its slot comes, the timer
/// puts the run on a ``DueQueue``; up to `concurrencyLimit` worker tasks (started as load first needs them, then
/// kept) take runs in the order they came due, so the limit needs no semaphore and a run no task of its own. A
/// run arms its probe's next timer when it ends, so a probe never overlaps itself. ``update(_:)`` (config reload)
/// keeps unchanged probes running untouched, starts new and changed ones, and retires removed ones (a pending timer
/// of a retired probe is cancelled; a run in flight finishes and arms nothing). On graceful shutdown every pending
/// timer is cancelled, due runs not started are dropped; runs in flight finish (each is bounded by its timeout)
/// before ``run()`` returns.
public final class ProbeScheduler: Service, Sendable {
  private struct Entry: Sendable {
    var probe: ScheduledProbe
    var generation: UInt64
  }
  private struct Due: Sendable {
    var entry: Entry
    var slot: Date
  }
  private struct State {
    var entries: [ProbeKey: Entry] = [:]
    /// The pending timer of each probe that is not running, by key (with the generation that armed it).
    var timers: [ProbeKey: (generation: UInt64, timer: Scheduled<Void>)] = [:]
    var generation: UInt64 = 0
    var stopping = false
  }

  /// A reload's effect, for logs and tests.
  public struct UpdateSummary: Sendable, Equatable {
    public var added = 0, changed = 0, removed = 0, unchanged = 0
  }

  private let executor: any ProbeExecutor
  private let timerLoop: any EventLoop
  private let state = Mutex(State())
  private let due: DueQueue<Due>
  /// One element per worker to start.
  private let workerStarts: AsyncStream<Void>
  private let workerStartsContinuation: AsyncStream<Void>.Continuation

  /// - Parameter timerLoop: the event loop whose timers wake due probes (one timer per idle probe) when the code
  ///   arming them does not run on an event loop itself.
  public init(
    probes: [ScheduledProbe], executor: any ProbeExecutor, concurrencyLimit: Int,
    timerLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next()
  ) {
    self.executor = executor
    self.timerLoop = timerLoop
    self.due = DueQueue(workerLimit: concurrencyLimit)
    (workerStarts, workerStartsContinuation) = AsyncStream.makeStream(of: Void.self)
    _ = update(probes)
  }

  /// Replaces the set of probes (config reload).
  @discardableResult
  public func update(_ probes: [ScheduledProbe]) -> UpdateSummary {
    var summary = UpdateSummary()
    let now = Date()
    state.withLock { state in
      var next: [ProbeKey: Entry] = [:]
      for probe in probes where next[probe.key] == nil {
        if let old = state.entries[probe.key], old.probe.isUnchanged(comparedTo: probe) {
          next[probe.key] = old
          summary.unchanged += 1
          continue
        }
        if state.entries[probe.key] == nil { summary.added += 1 } else { summary.changed += 1 }
        state.generation += 1
        let entry = Entry(probe: probe, generation: state.generation)
        next[probe.key] = entry
        state.timers.removeValue(forKey: probe.key)?.timer.cancel()
        if !state.stopping { arm(entry, at: probe.slot.next(after: now, inclusive: true), in: &state) }
      }
      for key in state.entries.keys where next[key] == nil {
        summary.removed += 1
        state.timers.removeValue(forKey: key)?.timer.cancel()
      }
      state.entries = next
    }
    return summary
  }

  public func run() async throws {
    await withGracefulShutdownHandler {
      await withDiscardingTaskGroup { group in
        for await _ in workerStarts {
          group.addTask { await self.work() }
        }
      }
    } onGracefulShutdown: {
      let timers = self.state.withLock { state in
        state.stopping = true
        defer { state.timers = [:] }
        return state.timers.values.map(\.timer)
      }
      for timer in timers { timer.cancel() }
      self.due.close()
      self.workerStartsContinuation.finish()
    }
  }

  /// A worker: runs due probes one at a time until the queue closes.
  private func work() async {
    while let run = await due.take() {
      await runOnce(run)
    }
  }

  /// Sets the timer that hands `entry` to ``run()`` at `slot`. Called with the state locked: a timer that fires
  /// at once waits for the lock, so it always finds itself registered.
  private func arm(_ entry: Entry, at slot: Date, in state: inout State) {
    let key = entry.probe.key
    let generation = entry.generation
    let delay = TimeAmount.nanoseconds(Int64(max(slot.timeIntervalSinceNow, 0) * 1e9))
    // The loop this code runs on when it is one (a run ending arms its next slot): no wake-up of another thread.
    let loop = MultiThreadedEventLoopGroup.currentEventLoop ?? timerLoop
    let timer = loop.scheduleTask(in: delay) { [self] in
      let fire = self.state.withLock { state -> Bool in
        guard let armed = state.timers[key], armed.generation == generation else { return false }
        state.timers[key] = nil
        return !state.stopping
      }
      if fire, self.due.put(Due(entry: entry, slot: slot)) == .acceptedStartWorker {
        self.workerStartsContinuation.yield()
      }
    }
    state.timers[key] = (generation, timer)
  }

  private func isCurrent(_ entry: Entry, in state: State) -> Bool {
    !state.stopping && state.entries[entry.probe.key]?.generation == entry.generation
  }

  /// One due run: run it (unless a reload or shutdown retired it meanwhile), then arm the next slot.
  private func runOnce(_ run: Due) async {
    let entry = run.entry
    let probe = entry.probe
    guard state.withLock({ isCurrent(entry, in: $0) }) else { return }
    // A run held past its slot by the concurrency limit still runs; the slots it overlapped are missed.
    await executor.execute(probe, scheduledAt: run.slot, startedAt: Date())
    let next = probe.slot.next(after: Date())
    let skipped = probe.slot.slotsMissed(after: run.slot, before: next) - 1
    if skipped > 0 { executor.missed(probe, count: skipped) }
    state.withLock { state in
      if isCurrent(entry, in: state) { arm(entry, at: next, in: &state) }
    }
  }
}
