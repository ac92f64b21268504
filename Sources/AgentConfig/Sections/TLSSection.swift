import Yams

/// `tls:` of a target: `false` (plaintext, the default), `true` (system roots), or a mapping of
/// `ca_file`, `cert_file` + `key_file` (client certificate), `insecure_skip_verify`, `server_name`.
/// File paths are resolved against the config file's directory and must be readable.
enum TLSSection {
  static let keys = ["ca_file", "cert_file", "key_file", "insecure_skip_verify", "server_name"]

  static func decode(_ node: Node, _ path: ConfigPath, _ context: DecodingContext) -> TLSConfig? {
    if case .scalar = node, !node.isNull {
      return context.bool(node, path) == true ? TLSConfig() : nil
    }
    guard let reader = MappingReader(node, path, context, known: keys, what: "true, false or a mapping") else {
      return nil
    }
    var tls = TLSConfig()
    tls.caFile = file("ca_file", reader)
    tls.certFile = file("cert_file", reader)
    tls.keyFile = file("key_file", reader)
    tls.insecureSkipVerify = reader.bool("insecure_skip_verify") ?? false
    tls.serverName = reader.string("server_name")
    if reader.has("cert_file") != reader.has("key_file") {
      let (present, missing) = reader.has("cert_file") ? ("cert_file", "key_file") : ("key_file", "cert_file")
      context.report(
        .missingKey, at: reader.keyNode(present), path.message("\(present) needs \(missing) (a client certificate needs both)"))
    }
    return tls
  }

  private static func file(_ key: String, _ reader: MappingReader) -> String? {
    guard let text = reader.string(key) else { return nil }
    return readableFile(text, at: reader.value(key), reader.path.key(key), reader.context, what: "file")
  }

  /// The absolute path of `file` (relative to the config's directory); nil after reporting when it is not a
  /// readable file.
  static func readableFile(_ file: String, at node: Node?, _ path: ConfigPath, _ context: DecodingContext, what: String)
    -> String?
  {
    guard !file.isEmpty else {
      context.report(.invalidValue, at: node, path.message("\(what) path must not be empty"))
      return nil
    }
    let resolved = context.resolve(file)
    if let problem = FileReader.readableProblem(resolved) {
      context.report(.unreadableFile, at: node, path.message("cannot read \(what) \(resolved): \(problem)"))
      return nil
    }
    return resolved
  }
}
