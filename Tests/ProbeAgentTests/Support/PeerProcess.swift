// Adapted from Tests/GRPCDynamicTests/Support (test targets cannot import each other): here starting and stopping
// are async and wait with Task.sleep, so the many peers started by parallel tests do not block the cooperative
// thread pool (on 2 cores, blocking waits there delay every probe's task by seconds).
import Foundation
import Synchronization

/// A test server running as a real process on 127.0.0.1 (port 0): started, waited for until it prints
/// `listening on HOST:PORT`, and always killed.
final class PeerProcess: Sendable {
  /// `127.0.0.1:PORT`.
  let address: String
  let name: String
  let process: Process
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

  static let repoRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// Starts `reflectprobe-demo` (built by `swift build`/`swift test` into `.build/debug`).
  static func demo(_ arguments: [String] = []) async throws -> PeerProcess {
    let binary = repoRoot.appendingPathComponent(".build/debug/reflectprobe-demo").path
    guard FileManager.default.isExecutableFile(atPath: binary) else {
      throw PeerError("reflectprobe-demo is not built at \(binary): run `swift build` first")
    }
    // A short shutdown grace: a test's server need not wait for streams its client abandoned.
    return try await start(
      name: "reflectprobe-demo", executable: binary,
      arguments: ["--port", "0", "--shutdown-grace-ms", "300"] + arguments)
  }

  /// Starts the Python grpcio peer (`REFLECTPROBE_PYTHON`, else `<repo>/.venv/bin/python`).
  static func python(_ arguments: [String] = []) async throws -> PeerProcess {
    let python =
      ProcessInfo.processInfo.environment["REFLECTPROBE_PYTHON"]
      ?? repoRoot.appendingPathComponent(".venv/bin/python").path
    guard FileManager.default.isExecutableFile(atPath: python) else {
      throw PeerError(
        "no Python for the grpcio peer at \(python): set REFLECTPROBE_PYTHON or run "
          + "`python3 -m venv .venv && .venv/bin/pip install -r Tests/Scripts/requirements.txt`")
    }
    let script = repoRoot.appendingPathComponent("Tests/Scripts/grpc_peer_server.py").path
    return try await start(
      name: "grpc_peer_server.py", executable: python, arguments: [script, "--port", "0"] + arguments,
      graceful: false)
  }

  /// Starts `Tests/GRPCDynamicTests/Scripts/test_server.py` (health + reflection; TLS or plaintext), shared with
  /// the client tests.
  static func testServer(_ arguments: [String]) async throws -> PeerProcess {
    let python =
      ProcessInfo.processInfo.environment["REFLECTPROBE_PYTHON"]
      ?? repoRoot.appendingPathComponent(".venv/bin/python").path
    let script = repoRoot.appendingPathComponent("Tests/GRPCDynamicTests/Scripts/test_server.py").path
    return try await start(name: "test_server.py", executable: python, arguments: [script] + arguments, graceful: false)
  }

  /// Starts a process and waits (at most `timeout`) for its `listening on` line.
  static func start(
    name: String, executable: String, arguments: [String], graceful: Bool = true, timeout: Duration = .seconds(30)
  ) async throws -> PeerProcess {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peer-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let out = dir.appendingPathComponent("out")
    let err = dir.appendingPathComponent("err")
    for path in [out, err] { _ = FileManager.default.createFile(atPath: path.path, contents: nil) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    // A crashing peer must not leave a backtracer running after it is killed.
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=no"
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    try process.run()
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
      if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }) {
        let address = String(line.dropFirst("listening on ".count)).trimmingCharacters(in: .whitespaces)
        return PeerProcess(name: name, address: address, process: process, stderrPath: err, graceful: graceful)
      }
      if !process.isRunning { break }
      do {
        try await Task.sleep(for: .milliseconds(20))
      } catch {
        await Self.kill(process, graceful: false)
        throw error
      }
    }
    let log = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
    await Self.kill(process, graceful: false)
    throw PeerError("\(name) did not start listening within \(timeout): \(log.suffix(2000))")
  }

  /// What the process wrote to stderr so far.
  var stderr: String { (try? String(contentsOf: stderrPath, encoding: .utf8)) ?? "" }

  /// SIGTERM, then SIGKILL after two seconds; returns once the process has exited (at most ~4 s).
  func stop() async {
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
    while process.isRunning {
      // Reap it ourselves: 0 means still running; the pid (reaped now) or -1 (reaped by Foundation) mean gone.
      var status: Int32 = 0
      if waitpid(process.processIdentifier, &status, WNOHANG) != 0 { return true }
      if ContinuousClock.now >= deadline { return false }
      // Cancelled (the test is being torn down): still wait, without spinning.
      do { try await Task.sleep(for: .milliseconds(10)) } catch { usleep(10_000) }
    }
    return true
  }

  /// A peer never stopped (its test threw early): killed without waiting, left to the reaper.
  deinit { if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) } }

  /// Whether the process has exited (reaping it if so).
  var hasExited: Bool {
    var status: Int32 = 0
    return !process.isRunning || waitpid(process.processIdentifier, &status, WNOHANG) != 0
  }
}

/// Runs `body` with a started peer, always stopping it afterwards.
func withPeer<R>(_ peer: PeerProcess, _ body: (PeerProcess) async throws -> R) async throws -> R {
  do {
    let result = try await body(peer)
    await peer.stop()
    return result
  } catch {
    await peer.stop()
    throw error
  }
}

struct PeerError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
