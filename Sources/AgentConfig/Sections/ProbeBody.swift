import Yams

/// What modules and probes share: one kind (`health`/`discovery`/`invoke`), `interval`, `timeout`, `labels`.
/// Nodes are kept for positions of later checks.
struct ProbeBody {
  var kind: ProbeKind?
  /// The key node of the kind (`invoke:`), when exactly one is present.
  var kindKey: Node?
  /// How many kind keys were present (0, 1, or more, which is already reported).
  var kindCount = 0
  var interval: Duration?
  var timeout: Duration?
  var labels: [String: String] = [:]
  let reader: MappingReader

  static let keys = ProbeKindSection.kindKeys + ["interval", "timeout", "labels"]

  /// Reads the shared keys of `reader`; reports more than one kind (`what` is "probe" or "module").
  init(_ reader: MappingReader, what: String) {
    self.reader = reader
    let kinds = ProbeKindSection.kindKeys.filter(reader.has)
    kindCount = kinds.count
    if kinds.count > 1 {
      reader.context.report(
        .invalidValue, at: reader.keyNode(kinds[1]),
        reader.path.message("a \(what) has exactly one kind, found \(kinds.joined(separator: " and "))"))
    }
    if let key = kinds.first, let node = reader.value(key) {
      kindKey = reader.keyNode(key)
      kind = ProbeKindSection.decode(key, node, reader.path.key(key), reader.context)
    }
    interval = reader.duration("interval", allowZero: false)
    timeout = reader.duration("timeout", allowZero: false)
    if let labels = reader.value("labels") {
      self.labels = NameSyntax.labels(labels, reader.path.key("labels"), reader.context)
    }
  }

  /// Reports `timeout >= interval` at this body's own `timeout` (or `interval`) key when it sets either; the
  /// effective values fall back to `fallbackInterval`/`fallbackTimeout` (the module's, then global's).
  func checkTiming(fallbackInterval: Duration, fallbackTimeout: Duration) {
    guard interval != nil || timeout != nil else { return }
    let effectiveInterval = interval ?? fallbackInterval
    let effectiveTimeout = timeout ?? fallbackTimeout
    guard effectiveTimeout >= effectiveInterval else { return }
    let key = timeout != nil ? "timeout" : "interval"
    reader.context.report(
      .invalidValue, at: reader.value(key),
      reader.path.key(key).message(TimingCheck.message(timeout: effectiveTimeout, interval: effectiveInterval)))
  }
}
