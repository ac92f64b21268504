import AgentConfig
import Foundation
import GRPCDynamic
import Logging
import ProbeStore
import Synchronization

/// The agent's ``ProbeExecutor``: runs a due probe with the prober of its kind (which enforces the probe's
/// deadline), then hands the outcome to the store, the metrics and the state board, and logs state changes.
///
/// Also serves `/probe` (blackbox_exporter style), which runs a probe now without storing it.
public final class ProbeRunner: ProbeExecutor {
  private let clients: TargetClients
  private let store: any HistoryStore
  private let metrics: AgentMetrics
  private let board: ProbeStateBoard
  private let logger: Logger

  public init(
    clients: TargetClients, store: any HistoryStore, metrics: AgentMetrics, board: ProbeStateBoard, logger: Logger
  ) {
    self.clients = clients
    self.store = store
    self.metrics = metrics
    self.board = board
    self.logger = logger
  }

  public func execute(_ probe: ScheduledProbe, scheduledAt: Date, startedAt: Date) async {
    metrics.observeStartDelay(startedAt.timeIntervalSince(scheduledAt))
    let outcome = await run(target: probe.target, spec: probe.spec, start: startedAt)
    await store.record(outcome.sample)
    metrics.observe(outcome, target: probe.target, probe: probe.spec)
    let previous = board.update(with: outcome.sample)
    log(outcome, previous: previous?.last)
  }

  public func missed(_ probe: ScheduledProbe, count: Int) {
    metrics.recordMissedRun(target: probe.target, probe: probe.spec, count: count)
    logger.warning(
      "probe missed its slot",
      metadata: ["target": "\(probe.key.target)", "probe": "\(probe.key.probe)", "missed": "\(count)"])
  }

  /// Runs one probe now and returns what it found; stores nothing (`/probe`).
  public func run(target: TargetConfig, spec: ProbeSpec, start: Date = Date()) async -> ProbeOutcome {
    let key = ProbeKey(target: target.name, probe: spec.name)
    let client: DynamicClient
    do {
      client = try clients.client(for: target)
    } catch {
      return ProbeOutcome(
        sample: ProbeSample(key: key, time: start, success: false, statusCode: nil, latency: 0, error: "\(error)"))
    }
    let request = ProbeRequest(
      key: key, target: target, spec: spec, client: client, start: start, store: store, logger: logger)
    return await Probers.run(request)
  }

  /// One line per change of a probe's state (first result, success → failure, failure → success), and drift.
  private func log(_ outcome: ProbeOutcome, previous: ProbeSample?) {
    let sample = outcome.sample
    for event in outcome.drift {
      logger.notice(
        "schema change",
        metadata: ["target": "\(event.target)", "kind": "\(event.kind.rawValue)", "detail": "\(event.detail)"])
    }
    // Most runs change nothing: no metadata is built for them.
    guard previous?.success != sample.success else { return }
    var metadata: Logger.Metadata = [
      "target": "\(sample.key.target)", "probe": "\(sample.key.probe)",
      "latency_ms": "\(Int((sample.latency * 1000).rounded()))",
    ]
    if let code = sample.statusCode { metadata["code"] = "\(RPCStatusCode(rawValue: code).name)" }
    if sample.success {
      logger.info(previous == nil ? "probe passing" : "probe recovered", metadata: metadata)
    } else {
      metadata["error"] = "\(sample.error ?? "failed")"
      logger.warning("probe failing", metadata: metadata)
    }
  }
}
