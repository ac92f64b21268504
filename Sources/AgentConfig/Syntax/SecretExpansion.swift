/// `${VAR}` in a metadata value or secret file path: the variable's value; `${VAR:-default}` falls back to
/// `default` when VAR is unset or empty (shell semantics); `$$` is a literal `$`. Any other `$` stays as written.
/// An unset variable without a default is an error, never an empty string.
enum SecretExpansion {
  struct Expanded: Equatable {
    var value: String
    /// True when the text referred to at least one variable (the value is then treated as a secret).
    var usedVariables: Bool
  }

  /// Expands `text`, returning the problems instead when a variable is unset or a reference is malformed.
  static func expand(_ text: String, environment: [String: String]) -> Result<Expanded, Problems> {
    var out = ""
    var problems: [String] = []
    var used = false
    var rest = Substring(text)
    while let dollar = rest.firstIndex(of: "$") {
      out += rest[..<dollar]
      let after = rest[rest.index(after: dollar)...]
      if after.hasPrefix("$") {
        out += "$"
        rest = after.dropFirst()
        continue
      }
      guard after.hasPrefix("{") else {
        out += "$"
        rest = after
        continue
      }
      guard let close = after.firstIndex(of: "}") else {
        problems.append("unterminated \"${\" (write $$ for a literal $)")
        break
      }
      used = true
      let body = after[after.index(after: after.startIndex)..<close]
      rest = after[after.index(after: close)...]
      let name: Substring
      var fallback: Substring?
      if let operatorStart = body.range(of: ":-") {
        name = body[..<operatorStart.lowerBound]
        fallback = body[operatorStart.upperBound...]
      } else {
        name = body
      }
      guard isVariableName(name) else {
        problems.append("invalid variable reference \"${\(body)}\": expected ${NAME} or ${NAME:-default}")
        continue
      }
      if let value = environment[String(name)], !(fallback != nil && value.isEmpty) {
        out += value
      } else if let fallback {
        out += fallback
      } else {
        problems.append("environment variable \(name) is not set (set it, or write ${\(name):-default})")
      }
    }
    out += rest
    return problems.isEmpty ? .success(Expanded(value: out, usedVariables: used)) : .failure(Problems(messages: problems))
  }

  struct Problems: Error {
    var messages: [String]
  }

  /// `[A-Za-z_][A-Za-z0-9_]*`.
  static func isVariableName(_ name: Substring) -> Bool {
    guard let first = name.unicodeScalars.first, first == "_" || isLetter(first) else { return false }
    return name.unicodeScalars.allSatisfy { $0 == "_" || isLetter($0) || ("0"..."9").contains($0) }
  }

  private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
  }
}
