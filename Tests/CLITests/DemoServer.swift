import Foundation

/// A `reflectprobe-demo` process on 127.0.0.1 and a free port, for the CLI's online tests. Stopped on deinit.
final class DemoServer: @unchecked Sendable {
  let process = Process()
  let address: String

  init(arguments: [String] = []) throws {
    let binary = CommandRunner.executable("reflectprobe-demo")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
      throw RunnerError("\(binary.path) is missing: run `swift build` first")
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let out = dir.appendingPathComponent("stdout")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    process.executableURL = binary
    process.arguments = ["--port", "0"] + arguments
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
    guard let found else {
      process.terminate()
      throw RunnerError("reflectprobe-demo did not report its address within 30 s")
    }
    address = found
  }

  deinit {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
  }
}
