import ArgumentParser
import ReflectionService

/// The command line of the demo server. Prints exactly one line to stdout, `listening on HOST:PORT`, once bound;
/// everything else goes to stderr. Exits 0 after SIGTERM/SIGINT (graceful shutdown, forced after a grace period).
struct DemoCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reflectprobe-demo",
    abstract: "Demo gRPC server: users, products, orders, health, server reflection and a test admin service.")

  @Option(help: "IPv4 address to bind.")
  var host = "127.0.0.1"

  @Option(help: "TCP port; 0 picks a free one (printed on stdout).")
  var port = 0

  @Option(help: "Reflection versions served: both, v1, v1alpha or none.")
  var reflection = "both"

  @Option(
    name: .customLong("reflection-deps"),
    help: "all: file answers carry the file's transitive imports (grpc-go); self: only the file.")
  var reflectionDeps = "all"

  @Option(
    name: .customLong("health"), parsing: .singleValue,
    help: "SERVICE=STATUS (SERVING, NOT_SERVING, UNKNOWN); repeatable; an empty SERVICE is the whole server.")
  var health: [String] = []

  @Option(name: .customLong("order-event-interval-ms"), help: "Pause between WatchOrder events.")
  var orderEventIntervalMS = 100

  @Option(name: .customLong("shutdown-grace-ms"), help: "How long a graceful shutdown may wait for open RPCs.")
  var shutdownGraceMS = 3000

  func validate() throws {
    guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
    guard versions != nil else { throw ValidationError("--reflection must be both, v1, v1alpha or none") }
    guard ["all", "self"].contains(reflectionDeps) else { throw ValidationError("--reflection-deps must be all or self") }
    guard orderEventIntervalMS >= 0, shutdownGraceMS >= 0 else { throw ValidationError("durations must be >= 0") }
    _ = try healthOverrides()
  }

  var versions: Set<ReflectionVersion>? {
    switch reflection {
    case "both": [.v1, .v1alpha]
    case "v1": [.v1]
    case "v1alpha": [.v1alpha]
    case "none": []
    default: nil
    }
  }

  func healthOverrides() throws -> [String: HealthStatusStore.Status] {
    var out: [String: HealthStatusStore.Status] = [:]
    for entry in health {
      guard let eq = entry.lastIndex(of: "="),
        let status = HealthStatusStore.status(named: String(entry[entry.index(after: eq)...]))
      else { throw ValidationError("--health \(entry): expected SERVICE=SERVING|NOT_SERVING|UNKNOWN") }
      out[String(entry[..<eq])] = status
    }
    return out
  }

  func run() async throws { try await serve() }

  /// Serves until SIGTERM/SIGINT (`main.swift` calls it by this name: from top-level code a bare `run()` resolves
  /// to ArgumentParser's synchronous default, which prints the help).
  func serve() async throws {
    let config = DemoServer.Config(
      host: host, port: port, reflectionVersions: versions ?? [], sendDependencies: reflectionDeps == "all",
      health: try healthOverrides(), orderEventInterval: .milliseconds(orderEventIntervalMS),
      shutdownGrace: .milliseconds(shutdownGraceMS))
    do {
      try await DemoServer(config: config).run()
    } catch {
      Log.error("reflectprobe-demo: \(error)")
      throw ExitCode(1)
    }
  }
}
