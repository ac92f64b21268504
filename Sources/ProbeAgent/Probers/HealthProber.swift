import AgentConfig
import GRPCDynamic

/// `grpc.health.v1.Health/Check` for one service (`""`: the server as a whole), blackbox_exporter's grpc prober.
///
/// Succeeds iff the answer is SERVING. `healthStatus` is the status answered, or `SERVICE_UNKNOWN` when the
/// server does not know the service (NOT_FOUND). The call carries the target's metadata and the probe's timeout;
/// it needs no descriptors, so the only phases are `connect` and `call`.
public struct HealthProber: Prober {
  public var settings: HealthProbeSettings

  public init(settings: HealthProbeSettings) { self.settings = settings }

  public func probe(_ request: ProbeRequest) async -> ProbeOutcome {
    let service = settings.service
    // One unary call with the probe's deadline (grpc-swift ends it there, a connection that never becomes ready
    // included): no per-run client and no watchdog task.
    return await ProbeExecution.run(request, cachesDescriptors: nil, deadline: .carriedByCall) { execution in
      let subject = service.isEmpty ? "the server" : "service \"\(service)\""
      let metadata = TargetClientFactory.metadata(request.target.metadata)
      do {
        let status = try await execution.timeline.measure("call") {
          try await execution.client.healthCheck(
            service: service, metadata: metadata, timeout: execution.remaining)
        }
        var findings = ProbeFindings()
        findings.healthStatus = status.rawValue
        if status != .serving {
          findings.success = false
          findings.error = "health of \(subject) is \(status.rawValue), expected SERVING"
        }
        return findings
      } catch let error as DynamicClientError
        where error.code == .rpcFailed && [.notFound, .unimplemented].contains(error.status?.code)
      {
        let code = error.status?.code ?? .unknown
        let message = error.status?.message ?? ""
        let detail = message.isEmpty ? "" : ": \(message)"
        var findings: ProbeFindings
        if code == .notFound {
          findings = .failure(
            statusCode: code.rawValue, "health: the server does not know \(subject) (status NOT_FOUND\(detail))")
          findings.healthStatus = HealthStatus.serviceUnknown.rawValue
        } else {
          findings = .failure(
            statusCode: code.rawValue,
            "health: the server has no grpc.health.v1.Health service (status UNIMPLEMENTED\(detail))")
        }
        return findings
      }
    }
  }
}
