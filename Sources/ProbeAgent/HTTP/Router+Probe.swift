import AgentConfig
import Hummingbird

extension Router where Context == AgentRequestContext {
  /// `GET /probe?target=&module=`: runs one probe of a configured target now and answers blackbox-style families
  /// (see ``ProbeExposition``), for scrape configs written for blackbox_exporter.
  func addProbeRoutes(
    configuration: @escaping @Sendable () -> AgentConfiguration,
    probe: @escaping @Sendable (TargetConfig, ProbeSpec, Duration) async throws -> ProbeOutcome
  ) {
    get("/probe") { request, context in
      let resolved = try ProbeQuery(
        target: request.uri.queryParameters["target"].map(String.init),
        module: request.uri.queryParameters["module"].map(String.init),
        scrapeTimeout: request.headers.first { $0.name.canonicalName == "x-prometheus-scrape-timeout-seconds" }?.value,
        configuration: configuration())
      let outcome: ProbeOutcome
      do {
        outcome = try await probe(resolved.target, resolved.probe, resolved.timeout)
      } catch let error as AgentHTTPError {
        throw error
      } catch {
        context.logger.warning(
          "on-demand probe could not run",
          metadata: ["target": "\(resolved.target.name)", "probe": "\(resolved.probe.name)", "error": "\(error)"])
        throw AgentHTTPError(
          .serviceUnavailable, code: "probe_unavailable",
          message: "probe '\(resolved.probe.name)' of target '\(resolved.target.name)' could not run: \(error)")
      }
      return Response.exposition(ProbeExposition.render(outcome, probe: resolved.probe))
    }
  }
}
