/// The field path of a response assertion: dot-separated names, each optionally followed by `[n]` indexes:
/// `user.name`, `items[0].id`, `matrix[1][2]`, `labels.team` (a map key is a name).
enum AssertionPath {
  /// Why `text` is not a path, or nil.
  static func problem(_ text: String) -> String? {
    let invalid = "invalid path \"\(text)\": expected names separated by dots, with optional [index] (e.g. items[0].id)"
    guard !text.isEmpty else { return "path must not be empty" }
    for segment in text.split(separator: ".", omittingEmptySubsequences: false) {
      let bracket = segment.firstIndex(of: "[") ?? segment.endIndex
      let name = segment[..<bracket]
      guard !name.isEmpty, !name.contains("]"), !name.contains(where: \.isWhitespace) else { return invalid }
      var rest = segment[bracket...]
      while !rest.isEmpty {
        guard rest.first == "[", let close = rest.firstIndex(of: "]") else { return invalid }
        let digits = rest[rest.index(after: rest.startIndex)..<close]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return invalid }
        rest = rest[rest.index(after: close)...]
      }
    }
    return nil
  }
}
