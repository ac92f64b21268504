import Foundation

/// A `reflectprobe-demo` child process on 127.0.0.1 and a free port: the server every invoke benchmark calls.
///
/// It runs in its own process, so its CPU time is not counted in the bench's `getrusage(RUSAGE_SELF)`. Stopped
/// with SIGTERM by ``stop()``.
final class DemoProcess {
  let process = Process()
  /// `127.0.0.1:PORT`, as the demo printed it.
  let address: String
  let host: String
  let port: Int

  /// Starts the demo and waits (at most 30 s) for its `listening on HOST:PORT` line.
  init(executable: URL) throws {
    guard FileManager.default.isExecutableFile(atPath: executable.path) else {
      throw BenchError("\(executable.path) is missing: build the reflectprobe-demo product first")
    }
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("bench-demo-\(getpid()).out")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: out) }
    process.executableURL = executable
    process.arguments = ["--port", "0"]
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(30)
    var found: String?
    while found == nil && Date() < deadline && process.isRunning {
      let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
      if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }) {
        found = String(line.dropFirst("listening on ".count))
      } else {
        usleep(20_000)
      }
    }
    guard let found, let colon = found.lastIndex(of: ":"), let port = Int(found[found.index(after: colon)...]) else {
      if process.isRunning { process.terminate() }
      throw BenchError("reflectprobe-demo did not report its address within 30 s")
    }
    address = found
    host = String(found[..<colon])
    self.port = port
  }

  /// SIGTERM, then waits for the exit (the demo shuts down gracefully).
  func stop() {
    guard process.isRunning else { return }
    process.terminate()
    process.waitUntilExit()
  }

  deinit { stop() }
}
