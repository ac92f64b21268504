import DynamicProto

/// How assertions compare JSON values: structurally, objects regardless of member order, numbers by value — and
/// a string holding a number equal to that number, because ProtoJSON prints 64-bit integers as strings (`"5"`).
enum JSONComparison {
  /// Structural equality with numeric leniency (see the type's documentation).
  static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.number, .number), (.number, .string), (.string, .number):
      guard let x = number(a), let y = number(b) else { return false }
      return x == y
    case (.array(let x), .array(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
    case (.object(let x), .object(let y)):
      guard x.count == y.count else { return false }
      return x.allSatisfy { member in b[member.key].map { equal(member.value, $0) } ?? false }
    default: return false
    }
  }

  /// A number or numeric string's value, exact for integers that fit 64 bits.
  enum Number: Equatable, Comparable {
    case integer(Int64)
    case real(Double)

    var double: Double {
      switch self {
      case .integer(let value): Double(value)
      case .real(let value): value
      }
    }

    static func == (a: Number, b: Number) -> Bool {
      if case .integer(let x) = a, case .integer(let y) = b { return x == y }
      return a.double == b.double
    }

    static func < (a: Number, b: Number) -> Bool {
      if case .integer(let x) = a, case .integer(let y) = b { return x < y }
      return a.double < b.double
    }
  }

  /// The value of a JSON number or of a string that is one (`"5"`, `"-1.5e3"`); nil otherwise.
  static func number(_ value: JSONValue) -> Number? {
    let text: String
    switch value {
    case .number(let source): text = source
    case .string(let string): text = string
    default: return nil
    }
    if let integer = Int64(text) { return .integer(integer) }
    guard text.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true, let real = Double(text),
      real.isFinite
    else { return nil }
    return .real(real)
  }

  /// A value as shown in a failure reason: compact JSON, cut after 200 characters.
  static func show(_ value: JSONValue) -> String {
    let text = value.jsonText(indent: nil)
    return text.count > 200 ? text.prefix(200) + "…" : text
  }

  /// A bound of a numeric assertion as written (`3`, `0.25`).
  static func show(_ bound: Double) -> String {
    if bound.rounded() == bound, abs(bound) < 1e15 { return String(Int64(bound)) }
    return "\(bound)"
  }
}
