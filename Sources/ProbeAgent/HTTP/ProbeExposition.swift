import AgentConfig
import Prometheus

/// The answer of `/probe`: one run's outcome as blackbox_exporter's gRPC families, in a registry made for this
/// request alone (nothing carries over between scrapes).
///
/// Families: `probe_success`, `probe_duration_seconds`, `probe_grpc_status_code` (when a status was reached),
/// `probe_grpc_healthcheck_response{serving_status}` (health probes, one-hot), `probe_grpc_duration_seconds{phase}`
/// and `probe_ssl_earliest_cert_expiry` (TLS targets).
enum ProbeExposition {
  static func render(_ outcome: ProbeOutcome, probe: ProbeSpec) -> [UInt8] {
    let registry = PrometheusCollectorRegistry()
    gauge(registry, "probe_success", "Whether the probe succeeded.").set(to: outcome.sample.success ? 1 : 0)
    gauge(registry, "probe_duration_seconds", "How long the probe took to complete in seconds.")
      .set(to: outcome.sample.latency.isFinite ? outcome.sample.latency : 0)
    if let code = outcome.sample.statusCode {
      gauge(registry, "probe_grpc_status_code", "The gRPC status code the call ended with.").set(to: Double(code))
    }
    var isHealth = false
    if case .health = probe.kind { isHealth = true }
    if isHealth || outcome.healthStatus != nil {
      for status in ProbeSeries.servingStatuses {
        gauge(
          registry, "probe_grpc_healthcheck_response", "Response of the gRPC health check, one-hot by serving status.",
          [("serving_status", status)]
        ).set(to: status == outcome.healthStatus ? 1 : 0)
      }
    }
    for (phase, seconds) in outcome.phases.sorted(by: { $0.key < $1.key }) where seconds.isFinite {
      gauge(
        registry, "probe_grpc_duration_seconds", "Duration of the gRPC probe by phase in seconds.", [("phase", phase)]
      )
      .set(to: seconds)
    }
    if let expiry = outcome.certificateExpiry, expiry.isFinite {
      gauge(
        registry, "probe_ssl_earliest_cert_expiry", "Expiry of the target's TLS leaf certificate in unixtime."
      ).set(to: expiry)
    }
    var buffer: [UInt8] = []
    registry.emit(into: &buffer)
    return buffer
  }

  private static func gauge(
    _ registry: PrometheusCollectorRegistry, _ name: String, _ help: String, _ labels: [(String, String)] = []
  ) -> Gauge {
    let descriptor = MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    return labels.isEmpty
      ? registry.makeGauge(descriptor: descriptor) : registry.makeGauge(descriptor: descriptor, labels: labels)
  }
}
