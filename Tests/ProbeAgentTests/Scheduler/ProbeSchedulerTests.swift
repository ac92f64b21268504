import AgentConfig
import Foundation
import ProbeStore
import ServiceLifecycleTestKit
import Synchronization
import Testing

@testable import ProbeAgent

/// Records what the scheduler asks for; each run takes `runTime`.
private final class RecordingExecutor: ProbeExecutor {
  struct Run: Sendable {
    var key: ProbeKey
    var scheduledAt: Date
    var startedAt: Date
    var finishedAt: Date
  }
  private let state = Mutex((runs: [Run](), inFlight: [ProbeKey: Int](), overlapped: false, concurrent: 0, peak: 0,
    missed: 0))
  let runTime: Duration

  init(runTime: Duration = .milliseconds(1)) { self.runTime = runTime }

  func execute(_ probe: ScheduledProbe, scheduledAt: Date, startedAt: Date) async {
    state.withLock { state in
      state.inFlight[probe.key, default: 0] += 1
      if state.inFlight[probe.key]! > 1 { state.overlapped = true }
      state.concurrent += 1
      state.peak = max(state.peak, state.concurrent)
    }
    try? await Task.sleep(for: runTime)
    state.withLock { state in
      state.inFlight[probe.key]! -= 1
      state.concurrent -= 1
      state.runs.append(Run(key: probe.key, scheduledAt: scheduledAt, startedAt: startedAt, finishedAt: Date()))
    }
  }

  func missed(_ probe: ScheduledProbe, count: Int) { state.withLock { $0.missed += count } }

  var runs: [Run] { state.withLock { $0.runs } }
  var overlapped: Bool { state.withLock { $0.overlapped } }
  var peak: Int { state.withLock { $0.peak } }
  var missed: Int { state.withLock { $0.missed } }
  var inFlight: Int { state.withLock { $0.concurrent } }
}

private func probes(_ count: Int, target: String = "t", interval: Duration, timeout: Duration? = nil)
  -> [ScheduledProbe]
{
  (0..<count).map { index in
    ScheduledProbe(
      target: TargetConfig(name: target, address: "127.0.0.1:1"),
      spec: ProbeSpec(
        name: "p\(index)", kind: .health(HealthProbeSettings()), interval: interval,
        timeout: timeout ?? interval / 2))
  }
}

/// Runs the scheduler for `duration`, then shuts it down gracefully; returns how long the shutdown took.
@discardableResult
private func run(_ scheduler: ProbeScheduler, for duration: Duration, during: @Sendable () async throws -> Void = {})
  async throws -> Duration
{
  try await testGracefulShutdown { trigger in
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await scheduler.run() }
      try await during()
      try await Task.sleep(for: duration)
      let clock = ContinuousClock()
      let start = clock.now
      trigger.triggerGracefulShutdown()
      try await group.waitForAll()
      return clock.now - start
    }
  }
}

@Suite struct ProbeSchedulerTests {
  @Test func runsEachProbeAtItsIntervalOnItsSlot() async throws {
    let executor = RecordingExecutor()
    let scheduler = ProbeScheduler(probes: probes(3, interval: .milliseconds(200)), executor: executor,
      concurrencyLimit: 8)
    try await run(scheduler, for: .milliseconds(1300))
    let byProbe = Dictionary(grouping: executor.runs, by: \.key)
    #expect(byProbe.count == 3)
    for (_, runs) in byProbe {
      // 1.3 s at 200 ms: 6 or 7 runs; a loaded machine may lose one.
      #expect((5...7).contains(runs.count), "\(runs.count) runs")
      let gaps = zip(runs.dropFirst(), runs).map { $0.scheduledAt.timeIntervalSince($1.scheduledAt) }
      #expect(gaps.allSatisfy { abs($0 - 0.2) < 1e-3 }, "slots 200 ms apart: \(gaps)")
      #expect(runs.allSatisfy { $0.startedAt >= $0.scheduledAt.addingTimeInterval(-0.002) })
    }
    #expect(!executor.overlapped)
  }

  @Test func holdsTheGlobalConcurrencyLimit() async throws {
    let executor = RecordingExecutor(runTime: .milliseconds(50))
    let scheduler = ProbeScheduler(probes: probes(20, interval: .milliseconds(500)), executor: executor,
      concurrencyLimit: 3)
    try await run(scheduler, for: .milliseconds(1200))
    #expect(executor.peak <= 3)
    #expect(executor.runs.count >= 20)
  }

  @Test func neverOverlapsItselfAndCountsMissedSlots() async throws {
    // Runs take 2.5 intervals: the slots they overlap are missed, never run twice at once.
    let executor = RecordingExecutor(runTime: .milliseconds(250))
    let scheduler = ProbeScheduler(probes: probes(1, interval: .milliseconds(100)), executor: executor,
      concurrencyLimit: 4)
    try await run(scheduler, for: .milliseconds(1100))
    #expect(!executor.overlapped)
    #expect((2...5).contains(executor.runs.count), "\(executor.runs.count) runs")
    #expect(executor.missed >= executor.runs.count, "each run overlaps 2 slots; missed \(executor.missed)")
  }

  @Test func reloadKeepsUnchangedProbesAndRetiresRemovedOnes() async throws {
    let executor = RecordingExecutor()
    let initial = probes(3, interval: .milliseconds(100))
    let scheduler = ProbeScheduler(probes: initial, executor: executor, concurrencyLimit: 8)
    let summary = Mutex<ProbeScheduler.UpdateSummary?>(nil)
    try await run(scheduler, for: .milliseconds(800)) {
      try await Task.sleep(for: .milliseconds(400))
      var next = Array(initial.prefix(2))  // p2 removed
      next[1] = probes(2, interval: .milliseconds(150))[1]  // p1 changed
      next += probes(1, target: "u", interval: .milliseconds(100))  // u/p0 added
      summary.withLock { $0 = scheduler.update(next) }
    }
    #expect(summary.withLock { $0 } == ProbeScheduler.UpdateSummary(added: 1, changed: 1, removed: 1, unchanged: 1))
    let reloadedAt = executor.runs.first { $0.key.target == "u" }?.scheduledAt ?? .distantFuture
    let removedAfter = executor.runs.filter { $0.key.probe == "p2" && $0.scheduledAt > reloadedAt }
    #expect(removedAfter.isEmpty, "a removed probe never runs again")
    #expect(executor.runs.contains { $0.key.target == "u" })
    let p1 = executor.runs.filter { $0.key == ProbeKey(target: "t", probe: "p1") }
    #expect(!executor.overlapped, "the changed probe's old and new loops never overlap")
    #expect(p1.count >= 5)
  }

  @Test func gracefulShutdownLetsRunsInFlightFinish() async throws {
    let executor = RecordingExecutor(runTime: .milliseconds(400))
    let scheduler = ProbeScheduler(probes: probes(4, interval: .seconds(2)), executor: executor,
      concurrencyLimit: 8)
    // Probe offsets lie anywhere in 2 s; wait until one is in flight, then stop.
    let took = try await run(scheduler, for: .zero) {
      for _ in 0..<400 where executor.inFlight == 0 { try await Task.sleep(for: .milliseconds(5)) }
    }
    #expect(executor.runs.count >= 1, "the run in flight completed")
    #expect(executor.inFlight == 0)
    #expect(took < .seconds(2), "sleeping probes stop at once: \(took)")
  }
}
