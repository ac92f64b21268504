import Foundation

/// Wall time of a cold `reflectprobe list -plaintext ADDR` — a fresh process that connects, asks reflection for the
/// services, prints them and exits — against the same done by a fresh Python process with `grpc-requests`.
///
/// One unmeasured run of each first (file cache), then `runs` measured runs, alternating; median and p90.
struct ColdListBench {
  var runs: Int
  /// Each run must finish within this.
  var timeoutSeconds = 60.0

  func run(cli: URL, reference: GRPCRequestsReference?, address: String) throws -> [ReportRow] {
    guard FileManager.default.isExecutableFile(atPath: cli.path) else {
      throw BenchError("\(cli.path) is missing: build the reflectprobe product first")
    }
    let swift = (cli.path, ["list", "-plaintext", address])
    let python = reference?.listCommand(address: address)
    _ = try timedRun(swift)
    if let python { _ = try timedRun(python) }
    var swiftTimes: [Double] = []
    var pythonTimes: [Double] = []
    for _ in 0..<runs {
      swiftTimes.append(try timedRun(swift))
      if let python { pythonTimes.append(try timedRun(python)) }
    }
    let value = Self.describe(swiftTimes)
    guard python != nil else {
      return [ReportRow(name: "reflectprobe list", value: value, reference: "—", ratio: "—", goal: "—")]
    }
    let ratio = Self.percentile(pythonTimes, 0.5) / Self.percentile(swiftTimes, 0.5)
    return [
      ReportRow(
        name: "reflectprobe list vs grpc-requests (python, lazy Client)", value: value,
        reference: Self.describe(pythonTimes), ratio: String(format: "%.1fx faster", ratio), goal: "—")
    ]
  }

  /// Runs a command to completion; its wall time in milliseconds. It must list the demo's user service.
  private func timedRun(_ command: (String, [String])) throws -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: command.0)
    process.arguments = command.1
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("bench-list-\(getpid()).out")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: out) }
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = FileHandle.nullDevice
    let start = CallLoad.now()
    try process.run()
    let deadline = start + UInt64(timeoutSeconds * 1e9)
    // Polls at 1 ms: the exit is seen within ~1 ms, well under the ~100 ms being measured.
    while process.isRunning && CallLoad.now() < deadline { usleep(1000) }
    let elapsed = CallLoad.now() - start
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
      throw BenchError("\(command.0) \(command.1.joined(separator: " ")) took over \(timeoutSeconds) s")
    }
    let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
    guard process.terminationStatus == 0, text.contains("api.users.UserService") else {
      throw BenchError("\(command.0) \(command.1.joined(separator: " ")) failed (\(process.terminationStatus)): \(text)")
    }
    return Double(elapsed) / 1e6
  }

  static func percentile(_ values: [Double], _ fraction: Double) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(fraction * Double(sorted.count)))]
  }

  static func describe(_ ms: [Double]) -> String {
    String(format: "median %.0f ms, p90 %.0f ms", percentile(ms, 0.5), percentile(ms, 0.9))
  }
}
