import Yams

/// The three kind keys of a probe or module: `health:`, `discovery:`, `invoke:`.
enum ProbeKindSection {
  static let kindKeys = ["health", "discovery", "invoke"]
  static let invokeKeys = ["method", "request", "metadata", "max_responses", "expect"]

  /// The kind named by `key` (one of ``kindKeys``), decoded from `node`; nil after reporting problems.
  static func decode(_ key: String, _ node: Node, _ path: ConfigPath, _ context: DecodingContext) -> ProbeKind? {
    switch key {
    case "health": return health(node, path, context).map { .health($0) }
    case "discovery": return discovery(node, path, context).map { .discovery($0) }
    default: return invoke(node, path, context).map { .invoke($0) }
    }
  }

  /// `health: {service: NAME}` (or `health: {}` / `health:` for the whole server).
  private static func health(_ node: Node, _ path: ConfigPath, _ context: DecodingContext) -> HealthProbeSettings? {
    guard let reader = MappingReader(node, path, context, known: ["service"]) else { return nil }
    return HealthProbeSettings(service: reader.string("service") ?? "")
  }

  /// `discovery: {required_services: [...], ignored_services: [...]}`.
  private static func discovery(_ node: Node, _ path: ConfigPath, _ context: DecodingContext)
    -> DiscoveryProbeSettings?
  {
    guard let reader = MappingReader(node, path, context, known: ["required_services", "ignored_services"]) else {
      return nil
    }
    var settings = DiscoveryProbeSettings()
    settings.requiredServices = reader.stringList("required_services") ?? []
    if let ignored = reader.stringList("ignored_services") { settings.ignoredServices = ignored }
    return settings
  }

  /// `invoke: {method, request, metadata, max_responses, expect}`.
  private static func invoke(_ node: Node, _ path: ConfigPath, _ context: DecodingContext) -> InvokeProbeSettings? {
    guard let reader = MappingReader(node, path, context, known: invokeKeys) else { return nil }
    guard let methodText = reader.requiredString("method") else { return nil }
    var settings: InvokeProbeSettings
    switch MethodName.normalize(methodText) {
    case .success(let method): settings = InvokeProbeSettings(method: method)
    case .failure(let problem):
      context.report(.invalidValue, at: reader.value("method"), path.key("method").message(problem.message))
      settings = InvokeProbeSettings(method: methodText)
    }
    if let request = reader.value("request") { settings.requestJSON = requestJSON(request, path.key("request"), context) }
    if let metadata = reader.value("metadata") {
      settings.metadata = MetadataSection.decode(metadata, path.key("metadata"), context)
    }
    settings.maxResponses = reader.int("max_responses", atLeast: 1) ?? settings.maxResponses
    if let expect = reader.value("expect") {
      settings.expect = ExpectationsSection.decode(expect, path.key("expect"), context)
    }
    return settings
  }

  /// A mapping re-encoded as JSON, or a string holding a JSON object.
  private static func requestJSON(_ node: Node, _ path: ConfigPath, _ context: DecodingContext) -> String {
    switch node {
    case .mapping: return JSONText.encode(node, path, context) ?? "{}"
    case .scalar where node.isNull: return "{}"
    case .scalar(let scalar) where scalar.resolvedTagName == .str:
      if let problem = JSONText.objectProblem(scalar.string) {
        context.report(.invalidValue, at: node, path.message(problem))
        return "{}"
      }
      return scalar.string
    default:
      context.wrongType(node, path, expected: "a mapping or a JSON object string")
      return "{}"
    }
  }
}
