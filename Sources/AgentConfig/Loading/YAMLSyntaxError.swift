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
      let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
      return make(context.mark, "duplicate key \(keys) in a mapping")
    default:
      return make(nil, "invalid YAML: \(yamlError)")
    }
  }
}
