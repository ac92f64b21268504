import ArgumentParser

/// The `reflectprobe` command: a dynamic gRPC client and health-monitoring agent.
struct ReflectProbe: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reflectprobe",
    abstract: "Discover, describe and call gRPC services with no generated code; monitor them as an agent.",
    discussion: """
      Flags use grpcurl's single-dash spelling (-protoset FILE); the double-dash form is accepted too.
      Exit codes: 0 success, 1 failure before any gRPC status, 2 usage error, 64+N a non-OK gRPC status N.
      """,
    subcommands: [
      ListCommand.self, DescribeCommand.self, CallCommand.self, HealthCommand.self, ConvertCommand.self,
      AgentCommand.self,
    ]
  )
}

extension NameSpecification {
  /// A grpcurl-style flag: `-name` and `--name`.
  static func flag(_ name: String) -> NameSpecification {
    [.customLong(name, withSingleDash: true), .customLong(name)]
  }
}

/// A subcommand whose work is async. Dispatching through this protocol reaches the concrete `run() async`, which a
/// call through an `AsyncParsableCommand` existential does not reliably do.
protocol AsyncCommand: AsyncParsableCommand {
  mutating func runAsync() async throws
}

extension ListCommand: AsyncCommand {
  mutating func runAsync() async throws { try await run() }
}

extension DescribeCommand: AsyncCommand {
  mutating func runAsync() async throws { try await run() }
}

extension CallCommand: AsyncCommand {
  mutating func runAsync() async throws { try await run() }
}

extension HealthCommand: AsyncCommand {
  mutating func runAsync() async throws { try await run() }
}
