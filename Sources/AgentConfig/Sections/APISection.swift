import Yams

/// `api:`: `token` (a string with `${ENV}` or `{file: PATH}`, like metadata values), `token_file` (the same as
/// `token: {file: PATH}`), `require_token` and `public_paths`.
enum APISection {
  static let keys = ["token", "token_file", "require_token", "public_paths"]

  static func decode(_ node: Node, _ context: DecodingContext) -> APISettings {
    let path = ConfigPath.root.key("api")
    var settings = APISettings()
    guard let reader = MappingReader(node, path, context, known: keys) else { return settings }
    if let token = reader.value("token") {
      let value = MetadataSection.value(token, path.key("token"), context)?.text
      if let value, value.isEmpty {
        context.report(.invalidValue, at: token, path.key("token").message("the API token is empty"))
      }
      settings.token = value
    }
    if let fileNode = reader.value("token_file") {
      if reader.has("token") {
        context.report(
          .invalidValue, at: fileNode,
          path.key("token_file").message("set either token or token_file, not both"))
      } else if let file = reader.string("token_file") {
        settings.token = MetadataSection.readSecretFile(file, at: fileNode, path.key("token_file"), context)
      }
    }
    if let require = reader.bool("require_token") { settings.requireToken = require }
    if let paths = reader.stringList("public_paths") {
      for (index, item) in paths.enumerated() where !item.hasPrefix("/") {
        context.report(
          .invalidValue, at: reader.value("public_paths"),
          path.key("public_paths").index(index).message("a path starts with /, got \"\(item)\""))
      }
      settings.publicPaths = paths
    }
    return settings
  }
}
