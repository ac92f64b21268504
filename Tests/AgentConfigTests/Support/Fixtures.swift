import Foundation

@testable import AgentConfig

/// Paths of the config fixtures and a loader with a fixed environment.
enum Fixtures {
  /// `Tests/AgentConfigTests/Fixtures`.
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures").path

  /// The repository's root.
  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

  static let environment = ["DEMO_API_KEY": "k-123", "EMPTY_VAR": ""]

  /// A loader whose working directory is the fixtures folder, so a fixture's name is a relative path there.
  static var loader: ConfigLoader {
    ConfigLoader(environment: environment, workingDirectory: directory)
  }

  static func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

  /// Loads fixture `name` (named by its bare file name in messages).
  static func load(_ name: String, environment: [String: String] = environment) throws(ConfigErrors)
    -> AgentConfiguration
  {
    try ConfigLoader(environment: environment, workingDirectory: directory).load(path: name)
  }
}
