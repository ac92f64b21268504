import Foundation
import ProbeStore
import ServiceLifecycle
import Synchronization

/// Runs every configured probe at its interval: each on its stable slot (``ScheduleSlot``), never overlapping
/// itself, at most `concurrencyLimit` at once across all probes, due runs that could not start before the next
/// slot counted as missed.
///
/// One child task per probe sleeps until its next slot, so the cost of an idle probe is one pending timer.
/// ``update(_:)`` (config reload) keeps unchanged probes running untouched, starts new and changed ones, and
/// retires removed ones at their next slot (they never run again). On graceful shutdown no new run starts;
/// runs in flight finish (each is bounded by its timeout) before ``run()`` returns.
public final class ProbeScheduler: Service, Sendable {
  private struct Entry {
    var probe: ScheduledProbe
    var generation: UInt64
  }
  private struct State {
    var entries: [ProbeKey: Entry] = [:]
    var generation: UInt64 = 0
    var stopping = false
  }

  /// A reload's effect, for logs and tests.
  public struct UpdateSummary: Sendable, Equatable {
    public var added = 0, changed = 0, removed = 0, unchanged = 0
  }

  private let executor: any ProbeExecutor
  private let semaphore: AsyncSemaphore
  private let state = Mutex(State())
  private let starts: AsyncStream<Entry>
  private let startsContinuation: AsyncStream<Entry>.Continuation

  public init(probes: [ScheduledProbe], executor: any ProbeExecutor, concurrencyLimit: Int) {
    self.executor = executor
    self.semaphore = AsyncSemaphore(limit: max(concurrencyLimit, 1))
    (starts, startsContinuation) = AsyncStream.makeStream(of: Entry.self)
    _ = update(probes)
  }

  /// Replaces the set of probes (config reload).
  @discardableResult
  public func update(_ probes: [ScheduledProbe]) -> UpdateSummary {
    var summary = UpdateSummary()
    let started = state.withLock { state -> [Entry] in
      var next: [ProbeKey: Entry] = [:]
      var started: [Entry] = []
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
        started.append(entry)
      }
      summary.removed = state.entries.keys.filter { next[$0] == nil }.count
      state.entries = next
      return state.stopping ? [] : started
    }
    for entry in started { startsContinuation.yield(entry) }
    return summary
  }

  public func run() async throws {
    await withGracefulShutdownHandler {
      await withDiscardingTaskGroup { group in
        for await entry in starts {
          group.addTask { await self.loop(entry) }
        }
      }
    } onGracefulShutdown: {
      self.state.withLock { $0.stopping = true }
      self.startsContinuation.finish()
    }
  }

  private func isCurrent(_ entry: Entry) -> Bool {
    state.withLock { state in
      !state.stopping && state.entries[entry.probe.key]?.generation == entry.generation
    }
  }

  /// One probe's life: sleep to the slot, take a permit, run, repeat.
  private func loop(_ entry: Entry) async {
    let probe = entry.probe
    var slot = probe.slot.next(after: Date(), inclusive: true)
    while true {
      do {
        let delay = slot.timeIntervalSinceNow
        if delay > 0 {
          try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(delay)) }
        }
        guard isCurrent(entry) else { return }
        try await semaphore.acquire()
      } catch {
        return  // shutdown or cancellation while waiting
      }
      guard isCurrent(entry) else {
        semaphore.release()
        return
      }
      // A run held past its slot by the concurrency limit still runs; the slots it overlapped are missed.
      // It runs in a child task: the async frames of the prober and gRPC are freed when the run ends, whereas in
      // this long-lived task they would stay in its stack allocator (~16 KB per probe, 80 MB for 5,000 probes).
      let scheduledAt = slot
      await withDiscardingTaskGroup { run in
        run.addTask { await self.executor.execute(probe, scheduledAt: scheduledAt, startedAt: Date()) }
      }
      semaphore.release()
      let next = probe.slot.next(after: Date())
      let skipped = probe.slot.slotsMissed(after: slot, before: next) - 1
      if skipped > 0 { executor.missed(probe, count: skipped) }
      slot = next
    }
  }
}
