import AgentConfig
import Foundation
import GRPCDynamic
import Logging
import ProbeStore
import Testing

@testable import ProbeAgent

/// Runs probes the way the agent does — a shared pool, a target's client from ``TargetClientFactory``, a
/// ``ProbeRequest`` per run — against real servers.
struct ProbeHarness {
  let pool: ConnectionPool
  let store: any HistoryStore

  /// A plaintext target for `address`.
  static func target(_ address: String, name: String = "demo") -> TargetConfig {
    TargetConfig(name: name, address: address)
  }

  static func spec(_ kind: ProbeKind, name: String = "probe", timeout: Duration = .seconds(20)) -> ProbeSpec {
    ProbeSpec(name: name, kind: kind, interval: timeout * 2, timeout: timeout)
  }

  /// Runs `body` with a harness on a fresh pool (shut down afterwards) and `store` (default: a fresh SQLite store).
  static func with<R: Sendable>(
    store: (any HistoryStore)? = nil, _ body: (ProbeHarness) async throws -> R
  ) async throws -> R {
    guard let store else { return try await withTemporaryStore { try await with(store: $0, body) } }
    return try await withConnectionPool { pool in try await body(ProbeHarness(pool: pool, store: store)) }
  }

  /// One run of `kind` against `target` (its client built anew: same pool, so same connection).
  func run(
    _ kind: ProbeKind, on target: TargetConfig, timeout: Duration = .seconds(20), name: String = "probe"
  ) async throws -> ProbeOutcome {
    let spec = Self.spec(kind, name: name, timeout: timeout)
    var target = target
    if target.probes.isEmpty { target.probes = [spec] }
    let client = try TargetClientFactory(pool: pool).client(for: target)
    let request = ProbeRequest(
      key: ProbeKey(target: target.name, probe: spec.name), target: target, spec: spec, client: client,
      start: Date(), store: store, logger: Logger(label: "probers-test"))
    return await Probers.run(request)
  }
}

extension ProbeOutcome {
  /// A one-line summary for test failure messages.
  var summary: String {
    "success=\(sample.success) code=\(sample.statusCode.map(String.init) ?? "nil") "
      + "latency=\(sample.latency) error=\(sample.error ?? "-") phases=\(phases)"
  }
}

/// Invoke settings with a request and expectations, for brevity.
func invoke(
  _ method: String, _ request: String = "{}", code: Int = 0, maxLatency: Duration? = nil,
  assertions: [ResponseAssertion] = [], metadata: [MetadataEntry] = [], maxResponses: Int = 100
) -> ProbeKind {
  var settings = InvokeProbeSettings(method: method)
  settings.requestJSON = request
  settings.expect.code = code
  settings.expect.maxLatency = maxLatency
  settings.expect.assertions = assertions
  settings.metadata = metadata
  settings.maxResponses = maxResponses
  return .invoke(settings)
}

/// Sets a health status on a running demo (`reflectprobe.demo.Admin/SetHealth`) or Python peer
/// (`peer.v1.PeerAdmin/SetHealth`).
func setHealth(_ address: String, service: String, status: String, admin: String = "reflectprobe.demo.Admin")
  async throws
{
  try await withConnectionPool { pool in
    let client = try DynamicClient(target: address, options: .plaintext, pool: pool)
    let request = #"{"service": "\#(service)", "status": "\#(status)"}"#
    _ = try await client.invoke("\(admin)/SetHealth", json: request, timeout: .seconds(20))
  }
}
