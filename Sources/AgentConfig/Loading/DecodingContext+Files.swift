import Yams

/// Files the config names (protosets, TLS files): resolved against the config's directory, checked readable.
extension DecodingContext {
  /// The absolute path of `file` (relative to the config's directory); nil after reporting when it is not a
  /// readable file.
  func readableFile(_ file: String, at node: Node?, _ path: ConfigPath, what: String)
    -> String?
  {
    guard !file.isEmpty else {
      report(.invalidValue, at: node, path.message("\(what) path must not be empty"))
      return nil
    }
    let resolved = resolve(file)
    if let problem = FileReader.readableProblem(resolved) {
      report(.unreadableFile, at: node, path.message("cannot read \(what) \(resolved): \(problem)"))
      return nil
    }
    return resolved
  }
}
