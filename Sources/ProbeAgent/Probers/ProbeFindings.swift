import ProbeStore

/// What a prober's body found, before timing is added: the verdict plus the kind-specific extras of
/// ``ProbeOutcome``. ``ProbeExecution`` turns it (or a thrown error) into the outcome.
struct ProbeFindings: Sendable {
  var success = true
  /// The gRPC status reached; nil when none was.
  var statusCode: Int? = 0
  /// Why it failed; may hold metadata values until ``ProbeExecution`` redacts them.
  var error: String?
  var healthStatus: String?
  var serviceCount: Int?
  var methodCount: Int?
  var drift: [DriftEvent] = []

  init() {}

  static func failure(statusCode: Int?, _ error: String) -> ProbeFindings {
    var findings = ProbeFindings()
    findings.success = false
    findings.statusCode = statusCode
    findings.error = error
    return findings
  }
}
