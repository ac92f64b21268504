import Yams

/// Reads one YAML mapping against a fixed set of keys: reports unknown keys (suggesting the closest known one),
/// non-scalar keys and a non-mapping node, resolves `<<` merge keys, then hands out typed values by key.
struct MappingReader {
  struct Entry {
    var key: String
    var keyNode: Node
    var value: Node
  }

  /// The mapping node (for positions of "missing key" problems).
  let node: Node
  let path: ConfigPath
  let context: DecodingContext
  private(set) var entries: [Entry] = []

  /// Nil (after reporting) when `node` is not a mapping; a null node reads as an empty mapping.
  /// - Parameter known: the accepted keys; nil accepts any key (maps of names such as `labels`).
  init?(_ node: Node, _ path: ConfigPath, _ context: DecodingContext, known: [String]?, what: String = "a mapping") {
    self.node = node
    self.path = path
    self.context = context
    if node.isNull { return }
    guard case .mapping(let mapping) = node else {
      context.wrongType(node, path, expected: what)
      return nil
    }
    entries = Self.flatten(mapping, path, context)
    guard let known else { return }
    for entry in entries where !known.contains(entry.key) {
      let suggestion = KeySuggestion.closest(to: entry.key, in: known).map { " (did you mean \"\($0)\"?)" }
      let message = "unknown key \"\(entry.key)\""
        + (suggestion ?? "; known keys: \(known.joined(separator: ", "))")
      context.report(.unknownKey, at: entry.keyNode, path.message(message))
    }
    entries.removeAll { !known.contains($0.key) }
  }

  /// The pairs in order, with `<<: *anchor` (or a sequence of anchors) merged in below the explicit keys.
  private static func flatten(_ mapping: Node.Mapping, _ path: ConfigPath, _ context: DecodingContext) -> [Entry] {
    var explicit: [Entry] = []
    var merged: [Entry] = []
    for (key, value) in mapping {
      guard case .scalar(let scalar) = key else {
        context.wrongType(key, path, expected: "a string key")
        continue
      }
      if scalar.resolvedTagName == .merge {
        let sources: [Node] = if case .sequence(let items) = value { Array(items) } else { [value] }
        for source in sources {
          guard case .mapping(let inner) = source else {
            context.wrongType(source, path.key("<<"), expected: "a mapping (or an alias of one) to merge")
            continue
          }
          for entry in flatten(inner, path, context) where !merged.contains(where: { $0.key == entry.key }) {
            merged.append(entry)
          }
        }
        continue
      }
      explicit.append(Entry(key: scalar.string, keyNode: key, value: value))
    }
    return explicit + merged.filter { entry in !explicit.contains { $0.key == entry.key } }
  }

  /// The value of `key` (nil when absent).
  func value(_ key: String) -> Node? { entries.first { $0.key == key }?.value }

  /// The key node of `key`, for positions.
  func keyNode(_ key: String) -> Node? { entries.first { $0.key == key }?.keyNode }

  func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

  /// Reports `key` as missing at the mapping's position.
  func reportMissing(_ key: String, hint: String = "") {
    context.report(.missingKey, at: node, path.message("missing required key \"\(key)\"\(hint)"))
  }

  func string(_ key: String) -> String? { value(key).flatMap { context.string($0, path.key(key)) } }
  func bool(_ key: String) -> Bool? { value(key).flatMap { context.bool($0, path.key(key)) } }
  func int(_ key: String) -> Int? { value(key).flatMap { context.int($0, path.key(key)) } }
  func duration(_ key: String) -> Duration? { value(key).flatMap { context.duration($0, path.key(key)) } }
  func stringList(_ key: String) -> [String]? { value(key).flatMap { context.stringList($0, path.key(key)) } }
  func sequence(_ key: String) -> [Node]? { value(key).flatMap { context.sequence($0, path.key(key)) } }

  /// A required string: reports a missing key.
  func requiredString(_ key: String) -> String? {
    guard has(key) else {
      reportMissing(key)
      return nil
    }
    return string(key)
  }

  /// A nested mapping with its own known keys (nil when absent or not a mapping).
  func mapping(_ key: String, known: [String]?, what: String = "a mapping") -> MappingReader? {
    value(key).flatMap { MappingReader($0, path.key(key), context, known: known, what: what) }
  }

  /// An integer that must be at least `minimum`.
  func int(_ key: String, atLeast minimum: Int) -> Int? {
    guard let value = int(key) else { return nil }
    guard value >= minimum else {
      context.report(.invalidValue, at: self.value(key), path.key(key).message("must be at least \(minimum), got \(value)"))
      return nil
    }
    return value
  }

  /// A duration that must be above zero (or at least zero when `allowZero`).
  func duration(_ key: String, allowZero: Bool) -> Duration? {
    guard let value = duration(key) else { return nil }
    guard value > .zero || allowZero else {
      context.report(.invalidValue, at: self.value(key), path.key(key).message("must be greater than 0"))
      return nil
    }
    return value
  }
}
