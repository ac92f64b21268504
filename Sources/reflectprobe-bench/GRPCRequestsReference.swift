import Foundation

/// Python's `grpc-requests` package on the same server: `Tests/Scripts/bench_grpc_requests.py` run by the venv's
/// interpreter, its JSON output decoded.
struct GRPCRequestsReference {
  let python: String
  let script: String

  /// nil (reference skipped) without a Python interpreter.
  init?(python: String?) throws {
    guard let python else { return nil }
    self.python = python
    script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../Tests/Scripts/bench_grpc_requests.py").standardized.path
    guard FileManager.default.fileExists(atPath: script) else { throw BenchError("\(script) is missing") }
  }

  /// One measured run, as the script prints it.
  struct Run: Decodable {
    var calls: Int
    var seconds: Double
    var calls_per_second: Double
    var p50_us: Double
    var p99_us: Double
    var cpu_us_per_call: Double
    var mode: String?

    var summary: CallLoad.Summary {
      CallLoad.Summary(
        calls: calls, callsPerSecond: calls_per_second, p50Micros: p50_us, p99Micros: p99_us,
        cpuMicrosPerCall: cpu_us_per_call)
    }
  }

  /// The script's answer to `invoke`.
  struct Figures: Decodable {
    var package: String
    var sequential: Run
    var concurrent: [Run]
    /// The faster concurrent mode.
    var best: Run
  }

  /// Sequential and concurrent GetUser calls; every run bounded by `seconds` and `maxCalls`.
  func invoke(address: String, seconds: Double, maxCalls: Int, inFlight: Int) throws -> Figures {
    let output = try Subprocess.run(
      python, [script, "invoke", address, String(seconds), String(maxCalls), String(inFlight)])
    do {
      return try JSONDecoder().decode(Figures.self, from: Data(output.utf8))
    } catch {
      throw BenchError("unexpected output from bench_grpc_requests.py (\(error)): \(output)")
    }
  }

  /// The command that lists the services in a fresh process.
  func listCommand(address: String) -> (executable: String, arguments: [String]) {
    (python, [script, "list", address])
  }
}
