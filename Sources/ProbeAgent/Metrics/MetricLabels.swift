import AgentConfig

/// Builds the label set of a probe's series: `target`, `probe`, then the target's and the probe's configured
/// labels (the probe's win on a shared name), sorted by name.
///
/// Configured names are made valid Prometheus label names (`[a-zA-Z_][a-zA-Z0-9_]*`, no reserved `__` prefix):
/// invalid characters become `_`. A configured name that would clash with a label the agent sets itself
/// (`target`, `probe`, `code`, `phase`, ...) is exported as `exported_NAME`, as Prometheus does for clashing
/// scraped labels, so configuration can never override the identity of a series.
enum MetricLabels {
  /// Label names the agent sets on some family; configured labels never take them.
  static let reserved: Set<String> = [
    "target", "probe", "code", "phase", "serving_status", "window", "kind", "le", "quantile",
  ]

  /// The labels of every series of this probe.
  static func forProbe(target: TargetConfig, probe: ProbeSpec) -> [(String, String)] {
    var configured: [String: String] = [:]
    for (name, value) in target.labels { configured[sanitize(name)] = value }
    for (name, value) in probe.labels { configured[sanitize(name)] = value }
    var labels: [(String, String)] = [("target", target.name), ("probe", probe.name)]
    labels.reserveCapacity(2 + configured.count)
    for name in configured.keys.sorted() { labels.append((name, configured[name]!)) }
    return labels
  }

  /// A valid, non-reserved label name for a configured name.
  static func sanitize(_ name: String) -> String {
    var scalars = String.UnicodeScalarView()
    for scalar in name.unicodeScalars {
      switch scalar {
      case "a"..."z", "A"..."Z", "_", "0"..."9": scalars.append(scalar)
      default: scalars.append("_")
      }
    }
    var result = String(scalars)
    if result.isEmpty || result.first!.isNumber { result = "_" + result }
    while result.hasPrefix("__") { result.removeFirst() }
    return reserved.contains(result) ? "exported_" + result : result
  }

  /// Two label lists are the same series identity.
  static func equal(_ a: [(String, String)], _ b: [(String, String)]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
  }
}
