import Yams

/// `expect:` of an invoke probe: `code` (name or number, default OK), `max_latency`, `assertions`.
enum ExpectationsSection {
  static let keys = ["code", "max_latency", "assertions"]
  /// The assertion keys that name a check; exactly one per assertion.
  static let checkKeys = ["equals", "not_equals", "exists", "matches", "gt", "ge", "lt", "le"]

  static func decode(_ node: Node, _ path: ConfigPath, _ context: DecodingContext) -> Expectations {
    var expect = Expectations()
    guard let reader = MappingReader(node, path, context, known: keys) else { return expect }
    if let code = reader.value("code") { expect.code = statusCode(code, path.key("code"), context) ?? 0 }
    expect.maxLatency = reader.duration("max_latency", allowZero: false)
    for (index, item) in (reader.sequence("assertions") ?? []).enumerated() {
      if let assertion = assertion(item, path.key("assertions").index(index), context) {
        expect.assertions.append(assertion)
      }
    }
    return expect
  }

  /// `OK`, `not_found`, `5`: a code number 0…16.
  static func statusCode(_ node: Node, _ path: ConfigPath, _ context: DecodingContext) -> Int? {
    guard let text = context.string(node, path) else { return nil }
    if let number = Int(text) {
      guard StatusCodeNames.names.indices.contains(number) else {
        context.report(.invalidValue, at: node, path.message("status code must be 0 to 16, got \(number)"))
        return nil
      }
      return number
    }
    guard let number = StatusCodeNames.number(named: text) else {
      context.report(
        .invalidValue, at: node,
        path.message("unknown status code \"\(text)\"; known: \(StatusCodeNames.names.joined(separator: ", "))"))
      return nil
    }
    return number
  }

  private static func assertion(_ node: Node, _ path: ConfigPath, _ context: DecodingContext) -> ResponseAssertion? {
    guard let reader = MappingReader(node, path, context, known: ["path"] + checkKeys) else { return nil }
    let present = checkKeys.filter(reader.has)
    guard present.count == 1, let key = present.first else {
      if present.isEmpty {
        context.report(
          .missingKey, at: node, path.message("an assertion needs one check: \(checkKeys.joined(separator: ", "))"))
      } else {
        context.report(
          .invalidValue, at: reader.keyNode(present[1]),
          path.message("an assertion has exactly one check, found \(present.joined(separator: " and "))"))
      }
      return nil
    }
    let fieldPath = reader.requiredString("path")
    if let fieldPath, let problem = AssertionPath.problem(fieldPath) {
      context.report(.invalidValue, at: reader.value("path"), path.key("path").message(problem))
      return nil
    }
    guard let check = check(key, reader), let fieldPath else { return nil }
    return ResponseAssertion(path: fieldPath, check: check)
  }

  private static func check(_ key: String, _ reader: MappingReader) -> ResponseAssertion.Check? {
    let node = reader.value(key)!
    let path = reader.path.key(key)
    let context = reader.context
    switch key {
    case "equals": return JSONText.encode(node, path, context).map { .equals($0) }
    case "not_equals": return JSONText.encode(node, path, context).map { .notEquals($0) }
    case "exists": return context.bool(node, path).map { .exists($0) }
    case "matches":
      guard let pattern = context.string(node, path) else { return nil }
      do {
        _ = try Regex(pattern)
      } catch {
        context.report(.invalidValue, at: node, path.message("invalid regular expression \"\(pattern)\": \(error)"))
        return nil
      }
      return .matches(pattern)
    case "gt": return context.number(node, path).map { .greaterThan($0) }
    case "ge": return context.number(node, path).map { .greaterOrEqual($0) }
    case "lt": return context.number(node, path).map { .lessThan($0) }
    default: return context.number(node, path).map { .lessOrEqual($0) }
    }
  }
}
