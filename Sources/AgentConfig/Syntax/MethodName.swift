/// An invoke probe's method: `pkg.Service/Method` (also `pkg.Service.Method` and a leading `/`), normalized to
/// `pkg.Service/Method`.
enum MethodName {
  /// The normalized name, or the reason `text` is not a method name.
  static func normalize(_ text: String) -> Result<String, MethodNameProblem> {
    let problem = MethodNameProblem(
      message: "invalid method \"\(text)\": expected package.Service/Method (or package.Service.Method)")
    var name = Substring(text)
    if name.hasPrefix("/") { name = name.dropFirst() }
    let service: Substring
    let method: Substring
    if let slash = name.firstIndex(of: "/") {
      service = name[..<slash]
      method = name[name.index(after: slash)...]
    } else if let dot = name.lastIndex(of: ".") {
      service = name[..<dot]
      method = name[name.index(after: dot)...]
    } else {
      return .failure(problem)
    }
    let parts = service.split(separator: ".", omittingEmptySubsequences: false)
    guard isIdentifier(method), !parts.isEmpty, parts.allSatisfy(isIdentifier) else { return .failure(problem) }
    return .success("\(service)/\(method)")
  }

  /// `[A-Za-z_][A-Za-z0-9_]*`.
  static func isIdentifier(_ text: Substring) -> Bool {
    guard let first = text.unicodeScalars.first, first == "_" || isLetter(first) else { return false }
    return text.unicodeScalars.allSatisfy { $0 == "_" || isLetter($0) || ("0"..."9").contains($0) }
  }

  private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
  }
}

/// Why a method name was rejected.
struct MethodNameProblem: Error {
  var message: String
}
