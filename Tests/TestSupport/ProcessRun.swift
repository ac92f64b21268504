import Foundation

/// A child process run to completion without blocking a thread; output goes to temp files (no pipe limits).
public enum ProcessRun {
  /// Runs `executable` with `arguments`; kills it and throws ``PeerError`` when it outlives `timeout`.
  public static func run(_ executable: String, _ arguments: [String], timeout: Duration) async throws -> (
    status: Int32, stdout: String, stderr: String
  ) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("out")
    let err = directory.appendingPathComponent("err")
    FileManager.default.createFile(atPath: out.path, contents: nil)
    FileManager.default.createFile(atPath: err.path, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    try process.run()
    let deadline = ContinuousClock.now + timeout
    while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    if process.isRunning {
      process.terminate()
      throw PeerError("\(executable) \(arguments) did not finish within \(timeout)")
    }
    return (
      process.terminationStatus, (try? String(contentsOf: out, encoding: .utf8)) ?? "",
      (try? String(contentsOf: err, encoding: .utf8)) ?? ""
    )
  }
}
