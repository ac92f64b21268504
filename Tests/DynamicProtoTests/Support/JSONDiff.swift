/// Compares two JSON values and names the path of the first difference (`$.a.b[2]["odd key"]`).
///
/// Objects compare as unordered maps. Numbers compare by value: equal doubles (with the sign of zero) match; values
/// that differ as doubles but round to the same float32 also match (a float32 field printed with a different
/// number of digits) and are counted in ``float32Matches``, so a caller can report them.
struct JSONDiff {
  /// The first difference found.
  struct Difference: CustomStringConvertible {
    var path: String
    var message: String
    var description: String { "\(path): \(message)" }
  }

  /// How many numbers matched only at float32 precision.
  private(set) var float32Matches = 0

  /// The first difference between `expected` and `actual`, or nil when they are equal.
  mutating func compare(_ expected: TestJSON, _ actual: TestJSON, path: String = "$") -> Difference? {
    switch (expected, actual) {
    case (.object(let e), .object(let a)):
      let actualByKey = Dictionary(a, uniquingKeysWith: { first, _ in first })
      for (key, value) in e {
        let here = JSONDiff.member(path, key)
        guard let other = actualByKey[key] else {
          return Difference(path: here, message: "missing; expected \(JSONDiff.short(value))")
        }
        if let d = compare(value, other, path: here) { return d }
      }
      let expectedKeys = Set(e.map(\.0))
      if let extra = a.first(where: { !expectedKeys.contains($0.0) }) {
        return Difference(path: JSONDiff.member(path, extra.0), message: "unexpected member \(JSONDiff.short(extra.1))")
      }
      return nil
    case (.array(let e), .array(let a)):
      for i in 0..<min(e.count, a.count) {
        if let d = compare(e[i], a[i], path: "\(path)[\(i)]") { return d }
      }
      if e.count != a.count {
        return Difference(path: path, message: "expected \(e.count) items, got \(a.count)")
      }
      return nil
    case (.number(let e), .number(let a)):
      if e == a || sameNumber(e, a) { return nil }
      return Difference(path: path, message: "expected \(e), got \(a)")
    default:
      if expected == actual { return nil }
      return Difference(path: path, message: "expected \(JSONDiff.short(expected)), got \(JSONDiff.short(actual))")
    }
  }

  private mutating func sameNumber(_ e: String, _ a: String) -> Bool {
    guard let x = Double(e), let y = Double(a) else { return false }
    if x == y { return x.sign == y.sign }
    if x.isFinite, y.isFinite, Float(x) == Float(y), Float(x).isFinite {
      float32Matches += 1
      return true
    }
    return false
  }

  /// `path.key` for identifier-like keys, else `path["key"]`.
  static func member(_ path: String, _ key: String) -> String {
    let simple = !key.isEmpty && key.unicodeScalars.allSatisfy {
      ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) || $0 == "_"
    }
    return simple ? "\(path).\(key)" : "\(path)[\(TestJSON.quote(key))]"
  }

  static func short(_ value: TestJSON) -> String {
    let text = value.description
    return text.count <= 120 ? text : String(text.prefix(117)) + "..."
  }
}
