import AgentConfig
import DynamicProto
import GRPCDynamic
import ProbeStore

/// Reflection discovery with schema drift detection: lists the services, describes every one not ignored (one
/// reflection stream, never from the cache), records the canonical ``CanonicalSchema`` as a snapshot and compares
/// it with the target's previous snapshot (``SchemaDiff``).
///
/// - Success: the schema was read and every `required_services` entry is listed (else the failure names them).
/// - Drift: one event per change in `outcome.drift`, also recorded in the store; the first snapshot of a target is
///   the baseline (no drift). A changed schema also drops the target's cached descriptors so its invoke probes
///   resolve methods afresh.
/// - Counts: `serviceCount` and `methodCount` of the services kept.
/// - Phases: `reflection` (listing and describing), `connect`.
///
/// A failing store is logged and costs the drift of that run, not the probe's success: the target is not at fault.
public struct DiscoveryProber: Prober {
  public var settings: DiscoveryProbeSettings

  public init(settings: DiscoveryProbeSettings) { self.settings = settings }

  public func probe(_ request: ProbeRequest) async -> ProbeOutcome {
    let settings = self.settings
    return await ProbeExecution.run(request, cachesDescriptors: false) { execution in
      let ignored = Set(settings.ignoredServices)
      let (listed, schema) = try await execution.timeline.measure("reflection") {
        let listed = try await execution.client.listServices()
        let kept = listed.filter { !ignored.contains($0) }
        guard !kept.isEmpty else { return (listed, CanonicalSchema()) }
        let pool = try await execution.client.descriptors.descriptorPool(containing: kept)
        let services = try kept.map { name in
          guard let service = pool.service(named: name) else {
            throw ProbeFailure(statusCode: nil, "the server lists \(name) but does not describe it")
          }
          return service
        }
        return (listed, CanonicalSchema(services: services))
      }
      var findings = ProbeFindings()
      findings.serviceCount = schema.services.count
      findings.methodCount = schema.methodCount
      findings.drift = await Self.record(schema, request)
      if !findings.drift.isEmpty { request.client.invalidateDescriptors() }
      let missing = settings.requiredServices.filter { !listed.contains($0) }
      if !missing.isEmpty {
        findings.success = false
        findings.error =
          "required service\(missing.count == 1 ? "" : "s") missing: \(missing.joined(separator: ", "))"
          + " (listed: \(listed.isEmpty ? "none" : listed.joined(separator: ", ")))"
      }
      return findings
    }
  }

  /// Compares with the latest snapshot, stores the new one when it differs, records and returns the drift.
  static func record(_ schema: CanonicalSchema, _ request: ProbeRequest) async -> [DriftEvent] {
    let target = request.target.name
    let snapshot = SchemaSnapshot(target: target, time: request.start, hash: schema.hash, json: schema.jsonText())
    do {
      let previous = try await request.store.latestSnapshot(target: target)
      if let previous, previous.hash == snapshot.hash { return [] }
      var drift: [DriftEvent] = []
      if let previous {
        do {
          drift = try SchemaDiff.driftEvents(from: previous, to: snapshot)
        } catch {
          request.logger.warning(
            "previous schema snapshot is unreadable, taking this one as the new baseline",
            metadata: ["target": "\(target)", "error": "\(error)"])
        }
      }
      try await request.store.saveSnapshot(snapshot)
      if !drift.isEmpty {
        try await request.store.recordDrift(drift)
        request.logger.notice(
          "schema drift",
          metadata: [
            "target": "\(target)", "breaking": "\(drift.filter { $0.kind == .breaking }.count)",
            "additive": "\(drift.filter { $0.kind == .additive }.count)",
          ])
      }
      return drift
    } catch {
      request.logger.error(
        "schema history unavailable; drift not recorded", metadata: ["target": "\(target)", "error": "\(error)"])
      return []
    }
  }
}
