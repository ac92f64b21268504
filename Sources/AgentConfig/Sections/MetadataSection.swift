import Foundation
import Yams

/// `metadata:` of a target or an invoke probe: header name → value, where a value is text (with `${VAR}`
/// expansion, see ``SecretExpansion``) or `{file: PATH}` (the file's content, trailing newlines trimmed).
/// Values that used a variable or a file are marked secret.
enum MetadataSection {
  static func decode(_ node: Node, _ path: ConfigPath, _ context: DecodingContext) -> [MetadataEntry] {
    guard let reader = MappingReader(node, path, context, known: nil) else { return [] }
    var entries: [MetadataEntry] = []
    var seen: [String: Node] = [:]
    for entry in reader.entries {
      let entryPath = path.key(entry.key)
      let name = entry.key.lowercased()
      if let problem = nameProblem(name) {
        context.report(.invalidValue, at: entry.keyNode, entryPath.message(problem))
        continue
      }
      if let first = seen[name] {
        let line = first.mark.map { " (first at line \($0.line))" } ?? ""
        context.report(.duplicate, at: entry.keyNode, entryPath.message("duplicate metadata key \"\(name)\"\(line)"))
        continue
      }
      seen[name] = entry.keyNode
      if let value = value(entry.value, entryPath, context) {
        entries.append(MetadataEntry(name: name, value: value.text, secret: value.secret))
      }
    }
    return entries
  }

  /// gRPC header names: lowercase letters, digits, `-`, `_`, `.`; not the transport's own (`grpc-*`, `:path`, …).
  static func nameProblem(_ name: String) -> String? {
    let allowed = name.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "."
    }
    guard !name.isEmpty, allowed else {
      return "invalid metadata key \"\(name)\": use letters, digits, - _ ."
    }
    if name.hasPrefix("grpc-") || ["te", "content-type", "user-agent"].contains(name) {
      return "metadata key \"\(name)\" is set by the gRPC transport and cannot be configured"
    }
    return nil
  }

  static func value(_ node: Node, _ path: ConfigPath, _ context: DecodingContext) -> (
    text: String, secret: Bool
  )? {
    if case .mapping = node {
      guard let reader = MappingReader(node, path, context, known: ["file"]) else { return nil }
      guard reader.has("file") else {
        reader.reportMissing("file")
        return nil
      }
      guard let rawPath = reader.string("file"),
        let filePath = expand(rawPath, reader.value("file"), path.key("file"), context)
      else { return nil }
      return readSecretFile(filePath.value, at: reader.value("file"), path.key("file"), context).map { ($0, true) }
    }
    guard let text = context.string(node, path), let expanded = expand(text, node, path, context) else { return nil }
    return checkHeaderValue(expanded.value, at: node, path, context) ? (expanded.value, expanded.usedVariables) : nil
  }

  private static func expand(_ text: String, _ node: Node?, _ path: ConfigPath, _ context: DecodingContext)
    -> SecretExpansion.Expanded?
  {
    switch SecretExpansion.expand(text, environment: context.environment) {
    case .success(let expanded): return expanded
    case .failure(let problems):
      for message in problems.messages { context.report(.secret, at: node, path.message(message)) }
      return nil
    }
  }

  /// The file's text with trailing CR/LF removed; reports an unreadable, non-UTF-8 or empty file.
  static func readSecretFile(_ file: String, at node: Node?, _ path: ConfigPath, _ context: DecodingContext)
    -> String?
  {
    let resolved = context.resolve(file)
    let data: Data
    switch FileReader.read(resolved) {
    case .success(let bytes): data = bytes
    case .failure(let failure):
      context.report(.secret, at: node, path.message("cannot read secret file \(resolved): \(failure.reason)"))
      return nil
    }
    guard var text = String(data: data, encoding: .utf8) else {
      context.report(.secret, at: node, path.message("secret file \(resolved) is not UTF-8 text"))
      return nil
    }
    while let last = text.unicodeScalars.last, last == "\n" || last == "\r" { text.unicodeScalars.removeLast() }
    guard !text.isEmpty else {
      context.report(.secret, at: node, path.message("secret file \(resolved) is empty"))
      return nil
    }
    return checkHeaderValue(text, at: node, path, context, source: "secret file \(resolved)") ? text : nil
  }

  /// Header values are one line of printable text.
  private static func checkHeaderValue(
    _ text: String, at node: Node?, _ path: ConfigPath, _ context: DecodingContext, source: String = "value"
  ) -> Bool {
    guard text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) else {
      return true
    }
    context.report(.invalidValue, at: node, path.message("\(source) contains a line break or control character"))
    return false
  }
}
