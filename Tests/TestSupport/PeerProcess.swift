// Shared by the test targets that run real servers. Peers start and stop asynchronously, waiting with Task.sleep:
// the many peers started by parallel tests then do not block the cooperative thread pool (on 2 cores, blocking
// waits there delay every probe's task by seconds). `start` and `stop` keep blocking forms for callers that are
// not async.
import Foundation
import Synchronization

/// A test server running as a real process on 127.0.0.1 (port 0): started, waited for until it prints
/// `listening on HOST:PORT`, and always killed.
public final class PeerProcess: Sendable {
  /// `127.0.0.1:PORT`.
  public let address: String
  public let name: String
  public let process: Process
  private let stderrPath: URL
  /// Whether `stop()` asks with SIGTERM first (grpcio's Python servers keep SIGTERM blocked in their main thread,
  /// so they are killed at once: they hold nothing worth a graceful stop).
  private let graceful: Bool

  private init(name: String, address: String, process: Process, stderrPath: URL, graceful: Bool) {
    self.name = name
    self.address = address
    self.process = process
    self.stderrPath = stderrPath
    self.graceful = graceful
  }

  /// The package root (this file is `Tests/TestSupport/PeerProcess.swift`).
  public static let repoRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// Starts `reflectprobe-demo` (built by `swift build`/`swift test` into `.build/debug`).
  public static func demo(_ arguments: [String] = []) async throws -> PeerProcess {
    let binary = repoRoot.appendingPathComponent(".build/debug/reflectprobe-demo").path
    guard FileManager.default.isExecutableFile(atPath: binary) else {
      throw PeerError("reflectprobe-demo is not built at \(binary): run `swift build` first")
    }
    // A short shutdown grace: a test's server need not wait for streams its client abandoned.
    return try await launch(
      name: "reflectprobe-demo", executable: binary,
      arguments: ["--port", "0", "--shutdown-grace-ms", "300"] + arguments)
  }

  /// Starts the Python grpcio peer (`REFLECTPROBE_PYTHON`, else `<repo>/.venv/bin/python`).
  public static func python(_ arguments: [String] = []) async throws -> PeerProcess {
    let script = repoRoot.appendingPathComponent("Tests/Scripts/grpc_peer_server.py").path
    return try await launch(
      name: "grpc_peer_server.py", executable: try pythonPath(), arguments: [script, "--port", "0"] + arguments,
      graceful: false)
  }

  /// Starts `Tests/GRPCDynamicTests/Scripts/test_server.py` (health + reflection; TLS or plaintext), shared with
  /// the client tests.
  public static func testServer(_ arguments: [String]) async throws -> PeerProcess {
    let script = repoRoot.appendingPathComponent("Tests/GRPCDynamicTests/Scripts/test_server.py").path
    return try await launch(
      name: "test_server.py", executable: try pythonPath(), arguments: [script] + arguments, graceful: false)
  }

  /// Starts `Tests/GRPCDynamicTests/Scripts/wire_server.py` (`wire.Test`: one method per part of a unary
  /// exchange), for the client's wire tests.
  public static func wireServer() async throws -> PeerProcess {
    let script = repoRoot.appendingPathComponent("Tests/GRPCDynamicTests/Scripts/wire_server.py").path
    return try await launch(
      name: "wire_server.py", executable: try pythonPath(), arguments: [script], graceful: false)
  }

  /// The venv Python that runs the grpcio peers.
  public static func pythonPath() throws -> String {
    let python =
      ProcessInfo.processInfo.environment["REFLECTPROBE_PYTHON"]
      ?? repoRoot.appendingPathComponent(".venv/bin/python").path
    guard FileManager.default.isExecutableFile(atPath: python) else {
      throw PeerError(
        "no Python for the grpcio peer at \(python): set REFLECTPROBE_PYTHON or run "
          + "`python3 -m venv .venv && .venv/bin/pip install -r Tests/Scripts/requirements.txt`")
    }
    return python
  }

  /// Starts a process and waits (at most `timeout`, blocking the calling thread) for its `listening on` line.
  public static func start(
    name: String, executable: String, arguments: [String], graceful: Bool = true, timeout: Duration = .seconds(30),
    environment extra: [String: String] = [:]
  ) throws -> PeerProcess {
    let spawned = try Spawned(name: name, executable: executable, arguments: arguments, environment: extra)
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      if let address = spawned.listeningAddress() { return spawned.peer(address, graceful: graceful) }
      if !spawned.process.isRunning { break }
      usleep(20_000)
    }
    Self.killBlocking(spawned.process, graceful: false)
    throw spawned.failure(timeout)
  }

  /// ``start(name:executable:arguments:graceful:timeout:environment:)`` waiting with `Task.sleep`.
  public static func launch(
    name: String, executable: String, arguments: [String], graceful: Bool = true, timeout: Duration = .seconds(30),
    environment extra: [String: String] = [:]
  ) async throws -> PeerProcess {
    let spawned = try Spawned(name: name, executable: executable, arguments: arguments, environment: extra)
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      if let address = spawned.listeningAddress() { return spawned.peer(address, graceful: graceful) }
      if !spawned.process.isRunning { break }
      do {
        try await Task.sleep(for: .milliseconds(20))
      } catch {
        await Self.kill(spawned.process, graceful: false)
        throw error
      }
    }
    await Self.kill(spawned.process, graceful: false)
    throw spawned.failure(timeout)
  }

  /// A started process whose `listening on` line is awaited.
  private struct Spawned {
    let name: String
    let process: Process
    let out: URL
    let err: URL

    init(name: String, executable: String, arguments: [String], environment extra: [String: String]) throws {
      let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peer-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      out = dir.appendingPathComponent("out")
      err = dir.appendingPathComponent("err")
      for path in [out, err] { _ = FileManager.default.createFile(atPath: path.path, contents: nil) }
      self.name = name
      process = Process()
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = arguments
      // A crashing peer must not leave a backtracer running after it is killed.
      var environment = ProcessInfo.processInfo.environment
      environment["SWIFT_BACKTRACE"] = "enable=no"
      environment.merge(extra) { $1 }
      process.environment = environment
      process.standardInput = FileHandle.nullDevice
      process.standardOutput = try FileHandle(forWritingTo: out)
      process.standardError = try FileHandle(forWritingTo: err)
      try process.run()
    }

    func listeningAddress() -> String? {
      let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
      guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }) else { return nil }
      return String(line.dropFirst("listening on ".count)).trimmingCharacters(in: .whitespaces)
    }

    func peer(_ address: String, graceful: Bool) -> PeerProcess {
      PeerProcess(name: name, address: address, process: process, stderrPath: err, graceful: graceful)
    }

    func failure(_ timeout: Duration) -> PeerError {
      let log = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
      return PeerError("\(name) did not start listening within \(timeout): \(log.suffix(2000))")
    }
  }

  /// What the process wrote to stderr so far.
  public var stderr: String { (try? String(contentsOf: stderrPath, encoding: .utf8)) ?? "" }

  /// SIGTERM, then SIGKILL after two seconds; returns once the process has exited (at most ~4 s). Blocks the
  /// calling thread: in the probers' tests use ``terminate()``.
  public func stop() {
    Self.killBlocking(process, graceful: graceful)
    try? FileManager.default.removeItem(at: stderrPath.deletingLastPathComponent())
  }

  /// ``stop()`` waiting with `Task.sleep`.
  public func terminate() async {
    await Self.kill(process, graceful: graceful)
    try? FileManager.default.removeItem(at: stderrPath.deletingLastPathComponent())
  }

  /// Bounded everywhere: `Process.waitUntilExit()` can block forever when Foundation misses the child's exit, so
  /// exit is polled (and, if Foundation has not noticed after SIGKILL, the process is left to the reaper).
  private static func kill(_ process: Process, graceful: Bool) async {
    guard process.isRunning else { return }
    let pid = process.processIdentifier
    if graceful {
      Foundation.kill(pid, SIGTERM)
      if await waitForExit(process, within: .seconds(2)) { return }
    }
    Foundation.kill(pid, SIGKILL)
    _ = await waitForExit(process, within: .seconds(2))
  }

  private static func waitForExit(_ process: Process, within timeout: Duration) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !hasExited(process) {
      if ContinuousClock.now >= deadline { return false }
      // Cancelled (the test is being torn down): still wait, without spinning.
      do { try await Task.sleep(for: .milliseconds(10)) } catch { usleep(10_000) }
    }
    return true
  }

  private static func killBlocking(_ process: Process, graceful: Bool) {
    guard process.isRunning else { return }
    let pid = process.processIdentifier
    if graceful {
      Foundation.kill(pid, SIGTERM)
      if waitForExitBlocking(process, within: .seconds(2)) { return }
    }
    Foundation.kill(pid, SIGKILL)
    _ = waitForExitBlocking(process, within: .seconds(2))
  }

  private static func waitForExitBlocking(_ process: Process, within timeout: Duration) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !hasExited(process) {
      if ContinuousClock.now >= deadline { return false }
      usleep(10_000)
    }
    return true
  }

  /// Reaps the process if it has exited: 0 from `waitpid` means still running; the pid (reaped now) or -1 (reaped
  /// by Foundation) mean gone.
  private static func hasExited(_ process: Process) -> Bool {
    guard process.isRunning else { return true }
    var status: Int32 = 0
    return waitpid(process.processIdentifier, &status, WNOHANG) != 0
  }

  /// A peer never stopped (its test threw early): killed without waiting, left to the reaper.
  deinit { if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) } }

  /// Whether the process has exited (reaping it if so).
  public var hasExited: Bool { Self.hasExited(process) }
}

/// Runs `body` with a started peer, always stopping it afterwards (without blocking a thread).
public func withPeer<R>(_ peer: PeerProcess, _ body: (PeerProcess) async throws -> R) async throws -> R {
  do {
    let result = try await body(peer)
    await peer.terminate()
    return result
  } catch {
    await peer.terminate()
    throw error
  }
}

/// A test set-up failure with a message saying what went wrong.
public struct PeerError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
