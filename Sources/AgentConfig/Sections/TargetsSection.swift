import Yams

/// `targets:`: the gRPC servers, each with connection settings and its probes.
enum TargetsSection {
  static let keys = [
    "name", "address", "tls", "labels", "metadata", "reflection", "protoset", "descriptor_cache_ttl", "probes",
    "allow_invoke", "invoke_methods",
  ]

  static func decode(
    _ node: Node?, _ global: GlobalSettings, _ modules: ModulesSection.Decoded, _ context: DecodingContext
  ) -> [TargetConfig] {
    let path = ConfigPath.root.key("targets")
    guard let node else { return [] }
    var targets: [TargetConfig] = []
    var seen: [String: Node] = [:]
    for (index, item) in (context.sequence(node, path) ?? []).enumerated() {
      let targetPath = path.index(index)
      guard let reader = MappingReader(item, targetPath, context, known: keys) else { continue }
      let nameNode = reader.value("name")
      if nameNode == nil { reader.reportMissing("name") }
      let name = nameNode.flatMap { NameSyntax.name($0, targetPath.key("name"), context) }
      if let name, let nameNode {
        if let first = seen[name] {
          let line = first.mark.map { " (first at line \($0.line))" } ?? ""
          context.report(
            .duplicate, at: nameNode, targetPath.key("name").message("duplicate target name \"\(name)\"\(line)"))
        } else {
          seen[name] = nameNode
        }
      }
      let address = reader.requiredString("address")
      if let address {
        _ = AddressSyntax.check(
          address, at: reader.value("address"), targetPath.key("address"), context, listener: false)
      }
      var target = TargetConfig(name: name ?? "", address: address ?? "")
      decodeSettings(reader, into: &target)
      if let probes = reader.value("probes") {
        target.probes = ProbesSection.decode(probes, targetPath.key("probes"), global, modules, context)
      }
      targets.append(target)
    }
    return targets
  }

  /// tls, labels, metadata, reflection, protoset, descriptor_cache_ttl, allow_invoke, invoke_methods.
  private static func decodeSettings(_ reader: MappingReader, into target: inout TargetConfig) {
    let context = reader.context
    if let tls = reader.value("tls") { target.tls = TLSSection.decode(tls, reader.path.key("tls"), context) }
    if let labels = reader.value("labels") {
      target.labels = NameSyntax.labels(labels, reader.path.key("labels"), context)
    }
    if let metadata = reader.value("metadata") {
      target.metadata = MetadataSection.decode(metadata, reader.path.key("metadata"), context)
    }
    let reflection = reader.bool("reflection")
    target.reflection = reflection ?? target.reflection
    var listedProtosets = 0
    if let protoset = reader.value("protoset") {
      let protosetPath = reader.path.key("protoset")
      // One file may be written as a plain string.
      let files: [(String, Node, ConfigPath)] =
        if case .scalar = protoset, !protoset.isNull {
          context.string(protoset, protosetPath).map { [($0, protoset, protosetPath)] } ?? []
        } else {
          (context.sequence(protoset, protosetPath) ?? []).enumerated().compactMap { index, item in
            context.string(item, protosetPath.index(index)).map { ($0, item, protosetPath.index(index)) }
          }
        }
      listedProtosets = files.count
      target.protosets = files.compactMap { file, node, path in
        context.readableFile(file, at: node, path, what: "protoset")
      }
    }
    if reflection == false, listedProtosets == 0 {
      context.report(
        .invalidValue, at: reader.value("reflection"),
        reader.path.key("reflection").message("reflection: false needs protoset files to describe the services"))
    }
    target.descriptorCacheTTL = reader.duration("descriptor_cache_ttl", allowZero: true) ?? target.descriptorCacheTTL
    target.allowInvoke = reader.bool("allow_invoke") ?? target.allowInvoke
    target.invokeMethods = reader.stringList("invoke_methods")
  }
}
