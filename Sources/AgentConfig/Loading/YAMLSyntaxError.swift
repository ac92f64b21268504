import Yams

/// Yams' parse errors as ``ConfigError``s with the position libyaml reports.
enum YAMLSyntaxError {
  static func configError(_ error: any Error, file: String) -> ConfigError {
    func make(_ mark: Mark?, _ message: String) -> ConfigError {
      ConfigError(.syntax, file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, message: message)
    }
    guard let yamlError = error as? YamlError else { return make(nil, "invalid YAML: \(error)") }
    switch yamlError {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let during = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
      return make(mark, "invalid YAML: \(problem)\(during)")
    case .reader(let problem, _, _, _):
      return make(nil, "invalid YAML: \(problem)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      // Yams marks the first occurrence of the first duplicated key; point at the repeat, as for duplicate names.
      let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
      let first = context.mark
      if duplicates.count == 1, let again = repeatedKey(duplicates[0], after: first, in: context.text) {
        return ConfigError(
          .syntax, file: file, line: again.line, column: again.column,
          message: "duplicate key \(keys) (first at line \(first.line)): a key may appear only once in a mapping")
      }
      return make(first, "duplicate key \(keys): a key may appear only once in a mapping")
    default:
      return make(nil, "invalid YAML: \(yamlError)")
    }
  }

  /// Where a block mapping's key appears again: the next line after `first` that starts at the same column with
  /// `key:` (plain or quoted), before the mapping ends (a non-blank, non-comment line further left). Nil when not
  /// found (a flow mapping, an unusual spelling).
  static func repeatedKey(_ key: String, after first: Mark, in text: String) -> (line: Int, column: Int)? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let column = first.column
    guard first.line >= 1, column >= 1 else { return nil }
    let spellings = [key + ":", "\"\(key)\":", "'\(key)':"]
    for index in first.line..<lines.count {
      let line = lines[index]
      let indent = line.prefix { $0 == " " }.count
      let rest = line.dropFirst(indent)
      if rest.isEmpty || rest.hasPrefix("#") { continue }
      if indent + 1 < column { return nil }
      if indent + 1 == column, spellings.contains(where: { rest.hasPrefix($0) }) {
        return (index + 1, column)
      }
    }
    return nil
  }
}
