import Foundation
import Yams

/// Loads `reflectprobe.yaml` into an ``AgentConfiguration``: parse (Yams, keeping each node's line and column),
/// decode each section applying its defaults, resolve modules, secrets and relative paths, validate.
///
/// Every problem found is collected and thrown together as ``ConfigErrors``, each naming `FILE:LINE:COL`, the key
/// and what would be valid. Loading has no side effects; it reads the config file and the secret, protoset and
/// TLS files it names (the latter only checked for readability). Cost: proportional to the file, milliseconds.
public struct ConfigLoader: Sendable {
  /// The top-level sections, in the order they are decoded. Adding a section is one entry here and one file.
  static let sections = ["global", "modules", "targets", "api"]

  /// Source of `${VAR}` values and of `STATE_DIRECTORY` (the database's directory under systemd).
  public var environment: [String: String]
  /// The directory relative config paths (and a relative `database` when `STATE_DIRECTORY` is unset) are
  /// resolved against; the process's working directory by default.
  public var workingDirectory: String

  public init(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    workingDirectory: String = FileManager.default.currentDirectoryPath
  ) {
    self.environment = environment
    self.workingDirectory = workingDirectory
  }

  /// Reads and loads the file at `path`.
  /// - Throws: ``ConfigErrors``: the file is unreadable, or every problem in it.
  public func load(path: String) throws(ConfigErrors) -> AgentConfiguration {
    let data: Data
    let absolute = path.hasPrefix("/") ? path : (workingDirectory as NSString).appendingPathComponent(path)
    switch FileReader.read(absolute) {
    case .success(let bytes): data = bytes
    case .failure(let failure):
      throw ConfigErrors([
        ConfigError(
          .unreadableFile, file: path, line: 0, column: 0, message: "cannot read config file: \(failure.reason)")
      ])
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ConfigErrors([
        ConfigError(.unreadableFile, file: path, line: 0, column: 0, message: "config file is not UTF-8 text")
      ])
    }
    return try load(yaml: text, file: path)
  }

  /// Loads YAML text; `file` names it in messages, and relative paths in it resolve against its directory.
  /// - Throws: ``ConfigErrors``.
  public func load(yaml: String, file: String) throws(ConfigErrors) -> AgentConfiguration {
    let absolute = file.hasPrefix("/") ? file : (workingDirectory as NSString).appendingPathComponent(file)
    let context = DecodingContext(
      file: file, directory: (absolute as NSString).deletingLastPathComponent, environment: environment,
      workingDirectory: workingDirectory)
    let root: Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch {
      throw ConfigErrors([YAMLSyntaxError.configError(error, file: file)])
    }
    let configuration = decode(root, context)
    guard context.errors.isEmpty else {
      // Sections are decoded in file order already; cross-checks may add later positions: sort, stably.
      let sorted = context.errors.enumerated().sorted {
        ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset)
      }
      throw ConfigErrors(sorted.map(\.element))
    }
    return configuration
  }

  private func decode(_ root: Node?, _ context: DecodingContext) -> AgentConfiguration {
    // An empty file is a valid config with no targets.
    guard let root, !root.isNull else {
      return AgentConfiguration(global: GlobalSection.decode(nil, context))
    }
    guard
      let reader = MappingReader(
        root, .root, context, known: Self.sections, what: "a mapping with global, modules and targets")
    else { return AgentConfiguration() }
    let global = GlobalSection.decode(reader.value("global"), context)
    let modules = ModulesSection.decode(reader.value("modules"), global, context)
    let targets = TargetsSection.decode(reader.value("targets"), global, modules, context)
    var configuration = AgentConfiguration(global: global, modules: modules.modules, targets: targets)
    if let api = reader.value("api") { configuration.api = APISection.decode(api, context) }
    return configuration
  }
}

extension ConfigLoader {
  /// Loads `path` with the process's environment and working directory (or the given ones).
  /// - Throws: ``ConfigErrors``.
  public static func load(
    path: String, environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(ConfigErrors) -> AgentConfiguration {
    try ConfigLoader(environment: environment).load(path: path)
  }
}
