import AgentConfig
import ArgumentParser

/// `reflectprobe check-config FILE...`: validates agent config files the way `promtool check config` does.
///
/// For each file, stdout gets `Checking FILE` then `  SUCCESS: N targets, M probes found` or
/// `  FAILED: K errors`; stderr gets exactly one `FILE:LINE:COL: message` line per problem (editors and CI can
/// parse it). Exit 0 when every file is valid, 1 otherwise (an unreadable file included), 2 on a usage error.
/// `${VAR}` secrets are resolved from this process's environment and secret files are read, as the agent would.
struct CheckConfigCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check-config",
    abstract: "Check agent config files (like promtool check config): exit 0 when all are valid, 1 otherwise.",
    discussion: """
      Problems are printed to stderr as FILE:LINE:COL: message, every problem of a file at once.
      Environment variables used by ${VAR} secrets must be set, and secret files readable, as for the agent.
      """)

  @Argument(help: ArgumentHelp("Config files to check.", valueName: "FILE"))
  var files: [String]

  func validate() throws {
    guard !files.isEmpty else { throw ValidationError("give at least one config FILE") }
  }

  func run() throws {
    let loader = ConfigLoader()
    var problems: [String] = []
    for (index, file) in files.enumerated() {
      if index > 0 { print() }
      print("Checking \(file)")
      do {
        let config = try loader.load(path: file)
        let probes = config.targets.reduce(0) { $0 + $1.probes.count }
        print("  SUCCESS: \(Self.count(config.targets.count, "target")), \(Self.count(probes, "probe")) found")
      } catch {
        print("  FAILED: \(Self.count(error.errors.count, "error"))")
        problems += error.errors.map(\.description)
      }
    }
    if !problems.isEmpty {
      throw CommandFailure(.failure, problems.joined(separator: "\n"), raw: true)
    }
  }

  /// `1 target`, `2 targets`.
  static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
}
