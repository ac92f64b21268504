import Foundation

/// Runs Debian's `promtool check metrics` on an exposition. A missing promtool is an error, never a skip:
/// install the `prometheus` package (the Makefile's APT_PACKAGES does).
enum Promtool {
  struct Result {
    var status: Int32
    var output: String
  }

  struct Missing: Error, CustomStringConvertible {
    var description: String { "promtool not found in PATH: install the Debian package 'prometheus'" }
  }

  static func path() -> String? {
    let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
    return (directories + ["/usr/bin", "/usr/local/bin"]).map { "\($0)/promtool" }
      .first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  static func checkMetrics(_ exposition: [UInt8]) throws -> Result {
    guard let promtool = path() else { throw Missing() }
    let input = FileManager.default.temporaryDirectory
      .appendingPathComponent("reflectprobe-metrics-\(UUID().uuidString).prom")
    try Data(exposition).write(to: input)
    defer { try? FileManager.default.removeItem(at: input) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: promtool)
    process.arguments = ["check", "metrics"]
    process.standardInput = try FileHandle(forReadingFrom: input)
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
  }
}
