import Yams

/// `modules:`: reusable probe definitions by name (blackbox_exporter's modules).
enum ModulesSection {
  /// The decoded modules, plus the names of modules that were defined but invalid (already reported), so a
  /// probe that uses one is not also reported as naming an unknown module.
  struct Decoded {
    var modules: [String: ProbeModule] = [:]
    var invalid: Set<String> = []

    var knownNames: [String] { (Array(modules.keys) + invalid).sorted() }
  }

  static func decode(_ node: Node?, _ global: GlobalSettings, _ context: DecodingContext) -> Decoded {
    var decoded = Decoded()
    let path = ConfigPath.root.key("modules")
    guard let node, let reader = MappingReader(node, path, context, known: nil) else { return decoded }
    for entry in reader.entries {
      let modulePath = path.key(entry.key)
      guard let name = NameSyntax.name(entry.keyNode, modulePath, context) else { continue }
      guard let body = MappingReader(entry.value, modulePath, context, known: ProbeBody.keys).map({
        ProbeBody($0, what: "module")
      }) else {
        decoded.invalid.insert(name)
        continue
      }
      if body.kindCount == 0 {
        context.report(
          .missingKey, at: entry.value,
          modulePath.message("a module needs one of \(ProbeKindSection.kindKeys.joined(separator: ", "))"))
      }
      body.checkTiming(fallbackInterval: global.interval, fallbackTimeout: global.timeout)
      guard let kind = body.kind, body.kindCount == 1 else {
        decoded.invalid.insert(name)
        continue
      }
      var module = ProbeModule(name: name, kind: kind, interval: body.interval, timeout: body.timeout)
      module.labels = body.labels
      decoded.modules[name] = module
    }
    return decoded
  }
}
