import Foundation

/// Runs an external program (protoc, the Python oracle) to completion and captures its output.
///
/// Output goes to temporary files rather than pipes, so a chatty child can never block on a full pipe buffer.
/// The run is bounded by a timeout; a child still running then is terminated and reported as a failure.
struct Subprocess {
  /// The result of one run.
  struct Result {
    var status: Int32
    var stdout: Data
    var stderr: String
    var succeeded: Bool { status == 0 }
  }

  /// A failure to start or finish the program, with a message a person can act on.
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// Runs `executable` with `arguments`, waiting at most `timeout` seconds.
  static func run(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, timeout: TimeInterval = 300
  ) throws -> Result {
    let fm = FileManager.default
    guard fm.isExecutableFile(atPath: executable) else {
      throw Failure(description: "\(executable) is not an executable file")
    }
    let dir = fm.temporaryDirectory.appendingPathComponent("subprocess-\(UUID().uuidString)")
    try fm.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? fm.removeItem(at: dir) }
    let outURL = dir.appendingPathComponent("stdout")
    let errURL = dir.appendingPathComponent("stderr")
    fm.createFile(atPath: outURL.path, contents: nil)
    fm.createFile(atPath: errURL.path, contents: nil)
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    process.standardOutput = outHandle
    process.standardError = errHandle
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw Failure(description: "cannot start \(executable): \(error)")
    }
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline {
      Thread.sleep(forTimeInterval: 0.02)
    }
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
      throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) timed out after \(Int(timeout)) s")
    }
    process.waitUntilExit()
    try? outHandle.close()
    try? errHandle.close()
    let stdout = (try? Data(contentsOf: outURL)) ?? Data()
    let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
    return Result(status: process.terminationStatus, stdout: stdout, stderr: stderr)
  }
}
