import Yams

/// Typed reads of single nodes. Each returns nil after reporting a wrong type or invalid value at the node.
extension DecodingContext {
  /// How a node is named in "got ..." messages.
  static func describe(_ node: Node) -> String {
    switch node {
    case .mapping: return "a mapping"
    case .sequence: return "a sequence"
    case .alias: return "an alias"
    case .scalar(let scalar):
      return scalar.resolvedTagName == .null && scalar.style.isPlain ? "null" : "\"\(scalar.string)\""
    }
  }

  func wrongType(_ node: Node, _ path: ConfigPath, expected: String) {
    report(.wrongType, at: node, path.message("expected \(expected), got \(Self.describe(node))"))
  }

  /// A non-null scalar's text as written (so `8080`, `true` and `1.0` all read as strings).
  func string(_ node: Node, _ path: ConfigPath) -> String? {
    guard case .scalar(let scalar) = node, !(scalar.resolvedTagName == .null && scalar.style.isPlain) else {
      wrongType(node, path, expected: "a string")
      return nil
    }
    return scalar.string
  }

  /// `true`/`false` (YAML 1.1 spellings such as `yes` are accepted as Yams resolves them).
  func bool(_ node: Node, _ path: ConfigPath) -> Bool? {
    guard case .scalar(let scalar) = node, scalar.resolvedTagName == .bool, let value = node.bool else {
      wrongType(node, path, expected: "true or false")
      return nil
    }
    return value
  }

  /// A YAML integer.
  func int(_ node: Node, _ path: ConfigPath) -> Int? {
    guard case .scalar(let scalar) = node, scalar.resolvedTagName == .int, let value = node.int else {
      wrongType(node, path, expected: "an integer")
      return nil
    }
    return value
  }

  /// A YAML integer or float (as Double).
  func number(_ node: Node, _ path: ConfigPath) -> Double? {
    guard case .scalar(let scalar) = node, scalar.resolvedTagName == .int || scalar.resolvedTagName == .float,
      let value = scalar.resolvedTagName == .int ? node.int.map(Double.init) ?? node.float : node.float,
      value.isFinite
    else {
      wrongType(node, path, expected: "a number")
      return nil
    }
    return value
  }

  /// A Prometheus duration (``PrometheusDuration``), written as a scalar.
  func duration(_ node: Node, _ path: ConfigPath) -> Duration? {
    guard case .scalar(let scalar) = node, !(scalar.resolvedTagName == .null && scalar.style.isPlain) else {
      wrongType(node, path, expected: "a duration (e.g. 30s, 1h30m)")
      return nil
    }
    do {
      return try PrometheusDuration.parse(scalar.string)
    } catch {
      report(.invalidValue, at: node, path.message(error.message))
      return nil
    }
  }

  /// A sequence's items (null reads as empty).
  func sequence(_ node: Node, _ path: ConfigPath) -> [Node]? {
    if node.isNull { return [] }
    guard case .sequence(let sequence) = node else {
      wrongType(node, path, expected: "a sequence")
      return nil
    }
    return Array(sequence)
  }

  /// A sequence of strings; a single string is not accepted (write `[x]`).
  func stringList(_ node: Node, _ path: ConfigPath) -> [String]? {
    guard let items = sequence(node, path) else { return nil }
    var out: [String] = []
    for (index, item) in items.enumerated() {
      if let text = string(item, path.index(index)) { out.append(text) }
    }
    return out
  }
}

extension Node {
  /// A plain `null`, `~` or empty value.
  var isNull: Bool {
    guard case .scalar(let scalar) = self else { return false }
    return scalar.resolvedTagName == .null && scalar.style.isPlain
  }
}

extension Node.Scalar {
  /// The tag the resolver gives this scalar (`!!str` for any quoted scalar).
  var resolvedTagName: Tag.Name { Tag.Name(rawValue: Node.scalar(self).tag.rawValue) }
}

extension Node.Scalar.Style {
  /// Plain (unquoted, not a block scalar): only these resolve to null, bool, int or float.
  var isPlain: Bool { self == .plain || self == .any }
}
