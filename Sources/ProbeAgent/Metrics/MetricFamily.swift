import Prometheus

/// The name and HELP text of every metric family the agent exports on `/metrics`, in one place.
///
/// The per-probe families are written by ``ProbeFamiliesRenderer``, the agent-wide ones registered in
/// swift-prometheus from the descriptor here (it requires one HELP text per name and stops the process on a
/// mismatch). The README's metrics reference table lists the same families.
enum MetricFamily {
  // Per probe: labels target, probe, then the target's and the probe's configured labels.
  static let probeSuccess = family(
    "reflectprobe_probe_success", "Whether the last run of the probe succeeded (1) or failed (0).")
  static let probeDuration = family(
    "reflectprobe_probe_duration_seconds", "Wall time of probe runs in seconds.")
  static let probesTotal = family(
    "reflectprobe_probes_total",
    "Probe runs by the gRPC status code they ended with (code=\"none\" when no status was reached).")
  static let phaseDuration = family(
    "reflectprobe_probe_phase_duration_seconds",
    "Seconds the last run of the probe spent per phase (connect, reflection, call).")
  static let healthStatus = family(
    "reflectprobe_health_status",
    "Serving status of the last health check, one-hot over SERVING, NOT_SERVING, UNKNOWN and SERVICE_UNKNOWN.")
  static let targetServices = family(
    "reflectprobe_target_services", "Services listed through reflection by the last discovery run.")
  static let targetMethods = family(
    "reflectprobe_target_methods", "Methods of the services listed by the last discovery run.")
  static let schemaChanges = family(
    "reflectprobe_schema_changes_total",
    "Schema changes detected by discovery probes, by kind (breaking or additive).")
  static let certificateExpiry = family(
    "reflectprobe_tls_cert_expiry_timestamp_seconds",
    "Expiry (notAfter) of the target's TLS leaf certificate, in seconds since 1970.")
  static let availability = family(
    "reflectprobe_availability_ratio",
    "Share of successful runs of the probe over a window (1h, 24h, 30d), from the history store.")
  static let missedRuns = family(
    "reflectprobe_probe_missed_runs_total",
    "Scheduled runs skipped because the previous run of the probe was still in flight or the agent was saturated.")

  // Agent-wide, unlabeled unless said otherwise.
  static let storeQueueLength = family(
    "reflectprobe_store_queue_length", "Probe samples queued for the history store and not yet committed.")
  static let reloadSuccessful = family(
    "reflectprobe_config_last_reload_successful", "Whether the last configuration (re)load succeeded.")
  static let reloadTimestamp = family(
    "reflectprobe_config_last_reload_success_timestamp_seconds",
    "Time of the last successful configuration (re)load, in seconds since 1970.")
  static let startDelay = family(
    "reflectprobe_scheduler_start_delay_seconds",
    "Seconds between a probe run's scheduled slot and its actual start (timer lateness plus concurrency-limit wait).")
  static let buildInfo = family(
    "reflectprobe_build_info",
    "A constant 1 labelled with the agent's version and the Swift compiler it was built with.")

  // The process, under the names every Prometheus client library uses.
  static let cpuSeconds = family("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.")
  static let residentMemory = family("process_resident_memory_bytes", "Resident memory size in bytes.")
  static let virtualMemory = family("process_virtual_memory_bytes", "Virtual memory size in bytes.")
  static let openFDs = family("process_open_fds", "Number of open file descriptors.")
  static let maxFDs = family("process_max_fds", "Maximum number of open file descriptors.")
  static let startTime = family(
    "process_start_time_seconds", "Start time of the process since unix epoch in seconds.")

  private static func family(_ name: String, _ help: String) -> Name { Name(name: name, help: help) }

  /// A family's name and HELP text.
  struct Name: Sendable {
    let name: String
    let help: String
    /// What swift-prometheus registers series with.
    var descriptor: MetricNameDescriptor { MetricNameDescriptor(metricName: name, unitName: "", helpText: help) }
  }
}
