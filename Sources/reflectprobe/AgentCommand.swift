import ArgumentParser
import Foundation
import Logging
import ProbeAgent

/// `reflectprobe agent`: the long-running monitoring service (systemd unit `reflectprobe.service`).
struct AgentCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "agent",
    abstract: "Probe the configured targets periodically; serve /metrics, /probe and the REST API.",
    usage: "reflectprobe agent [--config FILE] [--listen HOST:PORT] [--log-level LEVEL]",
    discussion: """
      Runs until SIGTERM or SIGINT (graceful: probes in flight finish, history is flushed); SIGHUP reloads the \
      configuration, keeping the previous one when the new file is invalid. Under systemd (Type=notify) it \
      reports READY, RELOADING, STOPPING and watchdog pings. Exit codes: 0 after a graceful stop, 1 when the \
      configuration or the database cannot be used or the listener cannot bind, 2 usage.
      """)

  @Option(name: [.customLong("config"), .customShort("c")], help: "The configuration file.")
  var config = "/etc/reflectprobe/reflectprobe.yaml"

  @Option(help: "Listen on HOST:PORT instead of global.listen (port 0 picks a free port).")
  var listen: String?

  @Option(help: "trace, debug, info, notice, warning, error or critical.")
  var logLevel = "info"

  func validate() throws {
    guard Logger.Level(rawValue: logLevel) != nil else {
      throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
    }
  }

  func run() async throws {
    let level = Logger.Level(rawValue: logLevel) ?? .info
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
    let logger = Logger(label: "reflectprobe.agent")
    let runtime = AgentRuntime(
      options: .init(configPath: config, listen: listen) { line in
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
      }, logger: logger)
    do {
      try await runtime.run()
    } catch let error as AgentStartupError {
      throw CommandFailure(.failure, error.message)
    } catch {
      throw CommandFailure(.failure, "agent stopped: \(error)")
    }
  }
}

extension AgentCommand: AsyncCommand {
  mutating func runAsync() async throws { try await run() }
}
