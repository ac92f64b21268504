import AgentConfig

/// A `/probe?target=&module=` request resolved against the configuration: which target, which probe, and the
/// deadline — blackbox_exporter's contract, limited to configured targets (no probing of arbitrary addresses).
///
/// `target` is a target's name or its configured address. `module` is a module name (`modules:`) or the name of
/// one of that target's probes; a module name wins. The deadline is the module's (or probe's) timeout, lowered
/// to Prometheus's scrape timeout (the `X-Prometheus-Scrape-Timeout-Seconds` header) less half a second for the
/// answer to get back, as blackbox does.
struct ProbeQuery: Equatable {
  /// Seconds kept from the scrape timeout for the response to reach Prometheus (blackbox's default offset).
  static let scrapeTimeoutOffset = 0.5

  var target: TargetConfig
  var probe: ProbeSpec
  var timeout: Duration

  /// - Throws: ``AgentHTTPError``: 400 for a missing or malformed parameter or an unknown module, 404 for a
  ///   target that is not configured.
  init(target targetParameter: String?, module: String?, scrapeTimeout: String?, configuration: AgentConfiguration)
    throws
  {
    guard let targetParameter, !targetParameter.isEmpty else {
      throw AgentHTTPError(
        .badRequest, code: "missing_target",
        message: "the target parameter is missing: /probe?target=NAME_OR_ADDRESS&module=MODULE")
    }
    let candidates =
      configuration.targets.filter { $0.name == targetParameter }.nilIfEmpty
      ?? configuration.targets.filter { $0.address == targetParameter }
    guard let first = candidates.first else {
      throw AgentHTTPError(
        .notFound, code: "target_not_found",
        message: "target '\(targetParameter)' is not configured: /probe only probes the targets of the "
          + "configuration, by name or address (configured: \(Self.list(configuration.targets.map(\.name))))")
    }
    guard let module, !module.isEmpty else {
      throw AgentHTTPError(
        .badRequest, code: "missing_module",
        message: "the module parameter is missing: a module (\(Self.list(configuration.modules.keys))) or a probe "
          + "of target '\(first.name)' (\(Self.list(first.probes.map(\.name))))")
    }
    if let definition = configuration.modules[module] {
      target = first
      probe = ProbeSpec(
        name: module, module: module, kind: definition.kind,
        interval: definition.interval ?? configuration.global.interval,
        timeout: definition.timeout ?? configuration.global.timeout, labels: definition.labels)
    } else if let match = candidates.lazy.compactMap({ t in t.probes.first { $0.name == module }.map { (t, $0) } })
      .first
    {
      (target, probe) = match
    } else {
      throw AgentHTTPError(
        .badRequest, code: "unknown_module",
        message: "module '\(module)' is neither a configured module (\(Self.list(configuration.modules.keys))) "
          + "nor a probe of target '\(first.name)' (\(Self.list(first.probes.map(\.name))))")
    }
    timeout = try Self.deadline(probe.timeout, scrapeTimeout: scrapeTimeout)
  }

  /// The probe's timeout, capped by the scrape timeout less ``scrapeTimeoutOffset``.
  static func deadline(_ timeout: Duration, scrapeTimeout: String?) throws -> Duration {
    guard let scrapeTimeout else { return timeout }
    guard var seconds = Double(scrapeTimeout), seconds.isFinite, seconds > 0 else {
      throw AgentHTTPError(
        .badRequest, code: "invalid_scrape_timeout",
        message: "X-Prometheus-Scrape-Timeout-Seconds '\(scrapeTimeout)' is not a positive number of seconds")
    }
    if seconds > scrapeTimeoutOffset { seconds -= scrapeTimeoutOffset }
    // Lowered before the conversion: a huge header value (1e308) must not overflow Int64.
    let timeoutMs = Double(timeout.components.seconds) * 1000 + Double(timeout.components.attoseconds) / 1e15
    guard seconds * 1000 < timeoutMs else { return timeout }
    return .milliseconds(Int64((seconds * 1000).rounded(.down)))
  }

  private static func list(_ names: some Sequence<String>) -> String {
    let sorted = names.sorted()
    return sorted.isEmpty ? "none" : sorted.joined(separator: ", ")
  }
}

extension Array {
  fileprivate var nilIfEmpty: Self? { isEmpty ? nil : self }
}
