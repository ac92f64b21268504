import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2

/// Where the servers under test live, and how to reach them.
enum TestEnvironment {
  /// The package root (this file is `<root>/Tests/ServersTests/TestEnvironment.swift`).
  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The demo binary `swift build` / `swift test` built: `REFLECTPROBE_DEMO`, else `<root>/.build/debug/…`.
  static var demoBinary: URL {
    if let path = ProcessInfo.processInfo.environment["REFLECTPROBE_DEMO"], !path.isEmpty {
      return URL(fileURLWithPath: path)
    }
    return repoRoot.appendingPathComponent(".build/debug/reflectprobe-demo")
  }

  /// The Python with grpcio: `REFLECTPROBE_PYTHON`, else `<root>/.venv/bin/python` (`make venv`). Never skipped:
  /// a missing venv fails the tests that need it.
  /// The demo binary, checked: `swift test` compiles the executable's module but does not link the binary, so
  /// run `swift build` first (`make test` should). A missing binary, or one older than the object files it is
  /// linked from (compiled by `swift test` after a change, not linked), fails the test with that advice.
  static func requireDemoBinary() throws -> URL {
    let binary = demoBinary
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
      throw TestFailure("no demo binary at \(binary.path): run `swift build` before `swift test`")
    }
    guard ProcessInfo.processInfo.environment["REFLECTPROBE_DEMO"] == nil else { return binary }
    let linked = modificationDate(binary) ?? .distantPast
    let buildDirectory = binary.deletingLastPathComponent()
    for module in ["reflectprobe_demo", "DemoServices", "ReflectionService", "GRPCProtos", "DynamicProto"] {
      let directory = buildDirectory.appendingPathComponent("\(module).build")
      let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
      for name in names where name.hasSuffix(".o") {
        let object = directory.appendingPathComponent(name)
        if let compiled = modificationDate(object), compiled > linked {
          throw TestFailure("the demo binary is older than \(object.path): run `swift build` before `swift test`")
        }
      }
    }
    return binary
  }

  private static func modificationDate(_ url: URL) -> Date? {
    try? url.resolvingSymlinksInPath().resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate
  }

  static var python: URL {
    if let path = ProcessInfo.processInfo.environment["REFLECTPROBE_PYTHON"], !path.isEmpty {
      return URL(fileURLWithPath: path)
    }
    return repoRoot.appendingPathComponent(".venv/bin/python")
  }

  static var peerScript: String { repoRoot.appendingPathComponent("Tests/Scripts/grpc_peer_server.py").path }

  /// Runs `body` against a fresh demo server started with `arguments` (plus `--port 0`).
  static func withDemo<T: Sendable>(
    _ arguments: [String] = [], _ body: (ServerProcess) async throws -> T
  ) async throws -> T {
    try await ServerProcess.with(try requireDemoBinary(), ["--port", "0"] + arguments, body)
  }

  /// Runs `body` against a fresh Python peer started with `arguments` (plus `--port 0`).
  static func withPeer<T: Sendable>(
    _ arguments: [String] = [], _ body: (ServerProcess) async throws -> T
  ) async throws -> T {
    try await ServerProcess.with(python, [peerScript, "--port", "0"] + arguments, body)
  }

  /// Runs `body` with a plaintext client connected to the server (one HTTP/2 connection).
  static func withClient<T: Sendable>(
    _ server: ServerProcess, _ body: (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> T
  ) async throws -> T {
    let transport = try HTTP2ClientTransport.Posix(
      target: .ipv4(address: server.host, port: server.port), transportSecurity: .plaintext)
    return try await withGRPCClient(transport: transport) { client in try await body(client) }
  }

  /// Call options with a deadline, so no test call waits forever.
  static func options(_ timeout: Duration = .seconds(10)) -> CallOptions {
    var options = CallOptions.defaults
    options.timeout = timeout
    return options
  }
}
