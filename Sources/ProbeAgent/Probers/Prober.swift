import AgentConfig
import Foundation
import GRPCDynamic
import Logging
import ProbeStore

/// One kind of probe (blackbox_exporter's `ProbeFn`): runs one probe of one target and reports what it found.
///
/// The contract: `probe` never throws and always returns within the probe's timeout (plus a short grace). Every
/// failure — connection, TLS, reflection, status, expectation, deadline — becomes an outcome with
/// `success == false`, the gRPC status code reached (nil when none was) and an actionable `error` text that never
/// contains metadata values. Probers are stateless values: find one with ``Probers/prober(for:)``.
public protocol Prober: Sendable {
  func probe(_ request: ProbeRequest) async -> ProbeOutcome
}

/// Everything one probe run needs: which probe, against what, with which client, and where history lives.
public struct ProbeRequest: Sendable {
  /// The probe's identity (the `target` and `probe` labels).
  public var key: ProbeKey
  /// The target, as configured (address, TLS, metadata, ...).
  public var target: TargetConfig
  /// The probe, module merged in; its `kind` holds the settings and `timeout` the run's deadline.
  public var spec: ProbeSpec
  /// The target's client (see ``TargetClientFactory``); shared by the target's probes, connection pooled.
  public var client: DynamicClient
  /// When the run started (the sample's time).
  public var start: Date
  /// History: discovery reads the latest schema snapshot and records new snapshots and drift.
  public var store: any HistoryStore
  /// Where probers log (never metadata values).
  public var logger: Logger

  public init(
    key: ProbeKey, target: TargetConfig, spec: ProbeSpec, client: DynamicClient, start: Date = Date(),
    store: any HistoryStore, logger: Logger
  ) {
    self.key = key
    self.target = target
    self.spec = spec
    self.client = client
    self.start = start
    self.store = store
    self.logger = logger
  }
}
