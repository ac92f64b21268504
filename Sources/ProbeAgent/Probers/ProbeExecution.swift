import GRPCDynamic
import ProbeStore

/// The frame of one probe run shared by every prober: the deadline, the phase timeline, the per-run client, and
/// the translation of findings or errors into a ``ProbeOutcome`` (latency, phases, redaction, certificate expiry).
struct ProbeExecution: Sendable {
  /// How long after the probe's timeout the run is cut off if the client has not reported the deadline itself.
  static let grace = Duration.milliseconds(200)

  let request: ProbeRequest
  let timeline: ProbeTimeline
  /// When the probe's time is up (start + timeout).
  let deadline: ContinuousClock.Instant
  /// The target's client with the probe's timeout as its default deadline (reflection streams included); same
  /// connection and descriptor cache as the target's client.
  let client: DynamicClient

  /// Time left before the deadline (at least 1 ms, so a call still gets a positive deadline).
  var remaining: Duration { max(deadline - .now, .milliseconds(1)) }

  /// How a run's deadline is enforced.
  enum Deadline: Sendable {
    /// A timer cancels `body` at the timeout plus ``grace`` (``EventLoopTimeout``: a child task and an event-loop
    /// timer per run), for bodies that make several calls or wait on things that carry no deadline of their own.
    case watchdog
    /// Every call `body` makes carries the probe's deadline (the dynamic client's call deadline, which ends the
    /// call at it, waiting for a connection included), so no watchdog is needed: `body` runs inline, which saves a
    /// child task and a timer on every run (health probes).
    case carriedByCall
  }

  /// Runs `body` within the probe's timeout and builds the outcome. Never throws.
  ///
  /// - Parameters:
  ///   - cachesDescriptors: false gives `body` a client that always asks the server (discovery); nil gives it the
  ///     target's client as is (no per-run client: for bodies that pass the deadline to each call themselves and
  ///     need no descriptors, i.e. health checks).
  ///   - deadline: see ``Deadline``.
  static func run(
    _ request: ProbeRequest, cachesDescriptors: Bool? = true, deadline enforcement: Deadline = .watchdog,
    _ body: @escaping @Sendable (ProbeExecution) async throws -> ProbeFindings
  ) async -> ProbeOutcome {
    let start = ContinuousClock.now
    let timeout = request.spec.timeout
    let execution = ProbeExecution(
      request: request, timeline: ProbeTimeline(start: start), deadline: start + timeout,
      client: cachesDescriptors.map { request.client.forProbe(timeout: timeout, cachesDescriptors: $0) }
        ?? request.client)
    var findings: ProbeFindings
    var connectionFailed = false
    do {
      switch enforcement {
      case .watchdog:
        findings = try await withDeadline(timeout + grace, timeout: timeout) { try await body(execution) }
      case .carriedByCall:
        findings = try await body(execution)
      }
    } catch {
      var failure =
        error is ProbeTimeout
        ? ProbeFailure(
          statusCode: RPCStatusCode.deadlineExceeded.rawValue, "probe timed out after \(describe(timeout))")
        : ProbeFailure(error, address: request.target.address)
      if failure.statusCode == RPCStatusCode.deadlineExceeded.rawValue,
        request.client.connectionObservation?.everReady != true
      {
        failure.message +=
          " (no gRPC connection to \(request.target.address) became ready: nothing answered HTTP/2 there in time)"
        failure.isConnectionFailure = true
      }
      connectionFailed = failure.isConnectionFailure
      findings = .failure(statusCode: failure.statusCode, failure.message)
    }
    let end = ContinuousClock.now
    let connection = request.client.connectionObservation
    let error = findings.success ? nil : MetadataRedaction(request).redact(findings.error ?? "probe failed")
    var outcome = ProbeOutcome(
      sample: ProbeSample(
        key: request.key, time: request.start, success: findings.success, statusCode: findings.statusCode,
        latency: ProbeTimeline.seconds(end - start), error: error))
    outcome.phases = execution.timeline.phases(end: end, connection: connection, connectionFailed: connectionFailed)
    outcome.healthStatus = findings.healthStatus
    outcome.serviceCount = findings.serviceCount
    outcome.methodCount = findings.methodCount
    outcome.drift = findings.drift
    if request.target.tls != nil { outcome.certificateExpiry = connection?.peerCertificateNotAfter }
    return outcome
  }

  /// Runs `body`, throwing ``ProbeTimeout`` when `limit` passes first (`body` is then cancelled).
  static func withDeadline<R: Sendable>(
    _ limit: Duration, timeout: Duration, _ body: @escaping @Sendable () async throws -> R
  ) async throws -> R {
    try await EventLoopTimeout.run(limit, expired: { ProbeTimeout(timeout: timeout) }, body)
  }

  /// `1.5s`, `250ms`, `2m0s` style.
  static func describe(_ duration: Duration) -> String {
    let milliseconds = Int((ProbeTimeline.seconds(duration) * 1000).rounded())
    if milliseconds < 1000 { return "\(milliseconds)ms" }
    if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)s" }
    return "\(Double(milliseconds) / 1000)s"
  }
}

extension DynamicClient {
  /// This client with a default deadline (and optionally no descriptor cache); same pool, connection and cache.
  func forProbe(timeout: Duration, cachesDescriptors: Bool) -> DynamicClient {
    var options = self.options
    options.timeout = timeout
    options.cachesDescriptors = options.cachesDescriptors && cachesDescriptors
    return (try? DynamicClient(address: address, options: options, pool: pool)) ?? self
  }
}
