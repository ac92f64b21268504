import Yams

/// Names the config defines (targets, probes, modules) and the label names it adds to series.
enum NameSyntax {
  /// Label names the agent itself puts on series; configured labels may not reuse them.
  static let reservedLabels: Set<String> = [
    "target", "probe", "module", "kind", "code", "phase", "serving_status", "window", "le", "quantile",
  ]

  /// Target, probe and module names: they appear in labels, URLs (`/probe?target=`) and logs, so they are
  /// letters, digits, `_ - . :`, starting with a letter or digit.
  static func isName(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, isAlphanumeric(first) else { return false }
    return text.unicodeScalars.allSatisfy { isAlphanumeric($0) || "_-.:".unicodeScalars.contains($0) }
  }

  /// Prometheus label names: `[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__` (reserved).
  static func isLabelName(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, first == "_" || isLetter(first), !text.hasPrefix("__") else {
      return false
    }
    return text.unicodeScalars.allSatisfy { $0 == "_" || isAlphanumeric($0) }
  }

  /// Reads a name (`name:` of a target or probe, a module's key); reports when it is not one.
  static func name(_ node: Node, _ path: ConfigPath, _ context: DecodingContext) -> String? {
    guard let text = context.string(node, path) else { return nil }
    guard isName(text) else {
      context.report(
        .invalidValue, at: node,
        path.message("invalid name \"\(text)\": use letters, digits, _ - . : (starting with a letter or digit)"))
      return nil
    }
    return text
  }

  /// `labels: {name: value}`: label names checked, values any scalar text.
  static func labels(_ node: Node, _ path: ConfigPath, _ context: DecodingContext) -> [String: String] {
    guard let reader = MappingReader(node, path, context, known: nil) else { return [:] }
    var labels: [String: String] = [:]
    for entry in reader.entries {
      let entryPath = path.key(entry.key)
      guard isLabelName(entry.key) else {
        context.report(
          .invalidValue, at: entry.keyNode,
          entryPath.message("invalid label name \"\(entry.key)\": use [a-zA-Z_][a-zA-Z0-9_]*, not starting with __"))
        continue
      }
      guard !reservedLabels.contains(entry.key) else {
        context.report(
          .invalidValue, at: entry.keyNode,
          entryPath.message(
            "label name \"\(entry.key)\" is reserved (the agent sets \(reservedLabels.sorted().joined(separator: ", ")))"))
        continue
      }
      if let value = context.string(entry.value, entryPath) { labels[entry.key] = value }
    }
    return labels
  }

  private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
  }

  private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
    isLetter(scalar) || ("0"..."9").contains(scalar)
  }
}
