import Foundation

/// Runs a built executable of this package with arguments and stdin, with a deadline, for CLI tests.
struct CommandRunner {
  struct Result {
    var status: Int32
    var stdout: Data
    var stderr: String
    var text: String { String(decoding: stdout, as: UTF8.self) }
  }

  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The debug build folder `swift test` builds the executables into.
  static func executable(_ name: String) -> URL {
    repoRoot.appendingPathComponent(".build/debug/\(name)")
  }

  static func run(
    _ name: String, _ arguments: [String], stdin: Data = Data(), timeout: TimeInterval = 60
  ) throws -> Result {
    let process = Process()
    process.executableURL = executable(name)
    process.arguments = arguments
    // Output goes to files, so a chatty child never blocks on a full pipe and no reader threads are needed.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let paths = ["in", "out", "err"].map { dir.appendingPathComponent($0) }
    try stdin.write(to: paths[0])
    for path in paths[1...] { _ = FileManager.default.createFile(atPath: path.path, contents: nil) }
    process.standardInput = try FileHandle(forReadingFrom: paths[0])
    process.standardOutput = try FileHandle(forWritingTo: paths[1])
    process.standardError = try FileHandle(forWritingTo: paths[2])
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
      throw RunnerError("\(name) \(arguments) did not finish within \(timeout) s")
    }
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: try Data(contentsOf: paths[1]),
      stderr: String(decoding: try Data(contentsOf: paths[2]), as: UTF8.self))
  }

  /// Compiles the demo services' .proto files into a protoset with Debian's protoc.
  static func demoProtoset() throws -> String {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(getpid()).protoset").path
    if FileManager.default.fileExists(atPath: out) { return out }
    let protos = repoRoot.appendingPathComponent("Sources/reflectprobe-demo/Protos").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/protoc")
    process.arguments = [
      "-I", "/usr/include", "-I", protos, "--include_imports", "--descriptor_set_out=\(out)",
      "api/users/users.proto", "api/products/products.proto", "api/orders/orders.proto",
    ]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw RunnerError("protoc failed on the demo protos") }
    return out
  }
}

struct RunnerError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
