/// A parsed JSON document, kept as written: numbers keep their source text and objects keep their key order.
///
/// Numbers are never converted through `Double` when parsing, so 64-bit integers and long decimals stay exact until
/// a consumer decides how to read them. Objects are ordered lists of members; a parsed object never holds the same
/// key twice (the parser rejects duplicates). Build one with ``init(parsing:maxDepth:maxInputBytes:)`` (strict
/// RFC 8259, depth-limited without recursion) or by hand; turn it back into text with
/// ``jsonText(indent:)`` or ``jsonUTF8(indent:)``.
public enum JSONValue: Sendable, Equatable, CustomStringConvertible {
  case null
  case bool(Bool)
  /// A number, as its JSON source text (`-12`, `1.5e3`).
  case number(String)
  case string(String)
  case array([JSONValue])
  /// An object's members in input order.
  case object([(key: String, value: JSONValue)])

  public static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.array(let x), .array(let y)): return x == y
    case (.object(let x), .object(let y)):
      guard x.count == y.count else { return false }
      for (m, n) in zip(x, y) where m.key != n.key || m.value != n.value { return false }
      return true
    default: return false
    }
  }

  /// The JSON kind, as used in error messages: `null`, `bool`, `number`, `string`, `array` or `object`.
  public var kindName: String {
    switch self {
    case .null: "null"
    case .bool: "bool"
    case .number: "number"
    case .string: "string"
    case .array: "array"
    case .object: "object"
    }
  }

  /// The value of the first member with this key, for objects; nil otherwise.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.key == key }?.value
  }

  /// The string, if this is a string.
  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// The boolean, if this is `true` or `false`.
  public var boolValue: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }

  /// The elements, if this is an array.
  public var arrayValue: [JSONValue]? {
    if case .array(let a) = self { return a }
    return nil
  }

  /// The members, if this is an object.
  public var objectValue: [(key: String, value: JSONValue)]? {
    if case .object(let o) = self { return o }
    return nil
  }

  /// The number as a `Double` (nil for non-numbers); may lose precision for large integers.
  public var doubleValue: Double? {
    if case .number(let text) = self { return Double(text) }
    return nil
  }

  /// The number as an `Int64` when its text is an integer in range.
  public var int64Value: Int64? {
    if case .number(let text) = self { return Int64(text) }
    return nil
  }

  /// Compact JSON text (no insignificant whitespace).
  public var description: String { jsonText(indent: nil) }
}
