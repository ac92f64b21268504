import Foundation

/// A command-line tool run to completion (bounded): exit status and combined output, for checks such as
/// `openapi-spec-validator` and `schemathesis` from the test venv.
struct ToolProcess {
  struct Result {
    /// The exit status; nil when the run was killed at its time limit.
    var status: Int32?
    var output: String
    var elapsed: Duration
  }

  /// The venv's Python: `REFLECTPROBE_PYTHON`, else `<repo>/.venv/bin/python` (`make venv`). A missing one throws
  /// (the test fails, never skips).
  static func venvPython() throws -> URL {
    let path =
      ProcessInfo.processInfo.environment["REFLECTPROBE_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
      ?? PeerProcess.repoRoot.appendingPathComponent(".venv/bin/python").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
      throw PeerError("no Python at \(path): run `make venv` or set REFLECTPROBE_PYTHON to the venv's python")
    }
    return URL(fileURLWithPath: path)
  }

  /// A console script installed next to the venv's Python (`<venv>/bin/NAME`).
  static func venvTool(_ name: String) throws -> URL {
    let tool = try venvPython().deletingLastPathComponent().appendingPathComponent(name)
    guard FileManager.default.isExecutableFile(atPath: tool.path) else {
      throw PeerError(
        "\(name) is not installed at \(tool.path): run `make venv` (Tests/Scripts/requirements.txt lists it)")
    }
    return tool
  }

  /// Runs `executable` in `directory` and waits at most `timeout` (then SIGTERM, SIGKILL two seconds later).
  static func run(
    _ executable: URL, _ arguments: [String], in directory: URL, timeout: Duration,
    environment: [String: String] = [:]
  ) async throws -> Result {
    let outputPath = directory.appendingPathComponent("tool-\(UUID().uuidString).log")
    _ = FileManager.default.createFile(atPath: outputPath.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: outputPath) }
    let output = try FileHandle(forWritingTo: outputPath)
    defer { try? output.close() }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output
    process.standardError = output
    let start = ContinuousClock.now
    try process.run()
    let deadline = start + timeout
    var status: Int32?
    while ContinuousClock.now < deadline {
      if let exit = exitStatus(process) {
        status = exit
        break
      }
      try await Task.sleep(for: .milliseconds(50))
    }
    if status == nil {
      kill(process.processIdentifier, SIGTERM)
      let grace = ContinuousClock.now + .seconds(2)
      while exitStatus(process) == nil && ContinuousClock.now < grace { try await Task.sleep(for: .milliseconds(50)) }
      if exitStatus(process) == nil { kill(process.processIdentifier, SIGKILL) }
    }
    let text = (try? String(contentsOf: outputPath, encoding: .utf8)) ?? ""
    return Result(status: status, output: text, elapsed: ContinuousClock.now - start)
  }

  /// The exit status once the process has exited (a signal's number + 128), nil while it runs. Reaps it with
  /// `waitpid` as well: Foundation can miss a child's exit.
  private static func exitStatus(_ process: Process) -> Int32? {
    if !process.isRunning { return process.terminationStatus }
    var status: Int32 = 0
    let reaped = waitpid(process.processIdentifier, &status, WNOHANG)
    guard reaped == process.processIdentifier else { return nil }
    return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
  }
}
