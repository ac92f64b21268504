import AgentConfig
import Foundation
import ProbeStore

/// What one probe run found: the sample to store plus what only metrics need (phases, health status,
/// discovery counts, certificate expiry, drift). Produced by a ``Prober``, consumed by the store and metrics.
public struct ProbeOutcome: Sendable {
  public var sample: ProbeSample
  /// Seconds spent per phase: `connect`, `reflection`, `call`.
  public var phases: [String: Double] = [:]
  /// Health probes: the serving status reported (`SERVING`, `NOT_SERVING`, `UNKNOWN`, `SERVICE_UNKNOWN`).
  public var healthStatus: String?
  /// Discovery probes: services and methods counted.
  public var serviceCount: Int?
  public var methodCount: Int?
  /// Discovery probes: drift found in this run.
  public var drift: [DriftEvent] = []
  /// TLS targets: the leaf certificate's notAfter, seconds since 1970.
  public var certificateExpiry: Double?

  public init(sample: ProbeSample) { self.sample = sample }
}
