import Yams

/// `probes:` of a target: each probe names a module or has its own kind; its `interval`, `timeout` and `labels`
/// override the module's (labels merge, the probe's win), which override `global`'s.
enum ProbesSection {
  static let keys = ["name", "module"] + ProbeBody.keys

  static func decode(
    _ node: Node, _ path: ConfigPath, _ global: GlobalSettings, _ modules: ModulesSection.Decoded,
    _ context: DecodingContext
  ) -> [ProbeSpec] {
    var probes: [ProbeSpec] = []
    var seen: [String: Node] = [:]
    for (index, item) in (context.sequence(node, path) ?? []).enumerated() {
      let probePath = path.index(index)
      guard let reader = MappingReader(item, probePath, context, known: keys) else { continue }
      var name: String?
      if let nameNode = reader.value("name") {
        name = NameSyntax.name(nameNode, probePath.key("name"), context)
        if let name, let first = seen[name] {
          let line = first.mark.map { " (first at line \($0.line))" } ?? ""
          context.report(
            .duplicate, at: nameNode, probePath.key("name").message("duplicate probe name \"\(name)\" in this target\(line)"))
        } else if let name {
          seen[name] = nameNode
        }
      } else {
        reader.reportMissing("name")
      }
      if let probe = probe(reader, name: name, global, modules) { probes.append(probe) }
    }
    return probes
  }

  private static func probe(
    _ reader: MappingReader, name: String?, _ global: GlobalSettings, _ modules: ModulesSection.Decoded
  ) -> ProbeSpec? {
    let context = reader.context
    let body = ProbeBody(reader, what: "probe")
    let moduleName = reader.string("module")
    if reader.has("module"), body.kindCount > 0 {
      let kind = ProbeKindSection.kindKeys.first(where: reader.has) ?? "a kind"
      context.report(
        .invalidValue, at: body.kindKey ?? reader.keyNode("module"),
        reader.path.message("a probe has either a module or its own \(kind), not both"))
      return nil
    }
    if !reader.has("module"), body.kindCount == 0 {
      context.report(
        .missingKey, at: reader.node,
        reader.path.message("a probe needs a module or one of \(ProbeKindSection.kindKeys.joined(separator: ", "))"))
      return nil
    }
    var module: ProbeModule?
    if let moduleName {
      module = modules.modules[moduleName]
      if module == nil, !modules.invalid.contains(moduleName) {
        reportUnknownModule(moduleName, reader, modules)
      }
      guard module != nil else { return nil }
    }
    body.checkTiming(
      fallbackInterval: module?.interval ?? global.interval, fallbackTimeout: module?.timeout ?? global.timeout)
    guard let name, let kind = module?.kind ?? body.kind, body.kindCount <= 1 else { return nil }
    return ProbeSpec(
      name: name, module: moduleName, kind: kind,
      interval: body.interval ?? module?.interval ?? global.interval,
      timeout: body.timeout ?? module?.timeout ?? global.timeout,
      labels: (module?.labels ?? [:]).merging(body.labels) { _, probe in probe })
  }

  private static func reportUnknownModule(_ name: String, _ reader: MappingReader, _ modules: ModulesSection.Decoded) {
    let known = modules.knownNames
    var message = "unknown module \"\(name)\""
    if let suggestion = KeySuggestion.closest(to: name, in: known) { message += " (did you mean \"\(suggestion)\"?)" }
    message += known.isEmpty ? "; no modules are defined" : "; known modules: \(known.joined(separator: ", "))"
    reader.context.report(.unknownReference, at: reader.value("module"), reader.path.key("module").message(message))
  }
}
