import Foundation

/// Issue #4's agent benchmarks, against a release `reflectprobe-demo` child process:
///
/// (a) CPU seconds per 10,000 gRPC health probes: the release `reflectprobe agent` (`probeRate` targets with one
/// health probe each at a 1 s interval) vs Debian's `prometheus-blackbox-exporter` (grpc module) driven through
/// `/probe` at the same rate, each for `probeSeconds`. Only the prober's process is measured (`/proc/PID/stat`
/// utime + stime before and after); the demo's and this driver's CPU are not counted. Goal ≤ 0.3×. Next to it, the
/// floor: a bare generated grpc-swift-2 health client making the same calls at the same rate (``AgentBenchFloor``).
///
/// (b) `scaleTargets` targets at a 10 s interval for `scaleSeconds`: p99 of the scheduler's start delay (actual
/// start minus scheduled slot, from the agent's `reflectprobe_scheduler_start_delay_seconds` histogram between
/// two scrapes, interpolated within a bucket) — goal < 100 ms; peak RSS (max of `VmRSS` sampled every 0.5 s and
/// the kernel's `VmHWM`) — goal < 150 MB; probes run and missed.
struct AgentBench {
  var probeRate = 100
  var probeSeconds = 100.0
  var scaleTargets = 5_000
  var scaleSeconds = 60.0

  /// Where `reflectprobe`, `reflectprobe-demo` and this bench are (the same build directory).
  static var products: URL {
    URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
  }

  /// `reflectprobe-bench --only agent [--probe-rate N] [--probe-seconds S] [--scale-targets N]
  /// [--scale-seconds S]`: runs this section alone and exits; returns false (doing nothing) without `--only agent`.
  /// `--scale-targets 0` skips (b).
  static func runIfSelected() -> Bool {
    let arguments = Array(CommandLine.arguments.dropFirst())
    guard let only = arguments.firstIndex(of: "--only"), arguments.dropFirst(only + 1).first == "agent" else {
      return false
    }
    var bench = AgentBench()
    var rest = arguments[...]
    while let arg = rest.popFirst() {
      let value = { rest.popFirst().flatMap(Double.init) }
      switch arg {
      case "--only": _ = rest.popFirst()
      case "--probe-rate": bench.probeRate = value().map { Int($0) } ?? bench.probeRate
      case "--probe-seconds": bench.probeSeconds = value() ?? bench.probeSeconds
      case "--scale-targets": bench.scaleTargets = value().map { Int($0) } ?? bench.scaleTargets
      case "--scale-seconds": bench.scaleSeconds = value() ?? bench.scaleSeconds
      default: break
      }
    }
    print("reflectprobe agent benchmarks — \(ProcessInfo.processInfo.activeProcessorCount) cores, \(Date())")
    do {
      try bench.run()
    } catch {
      FileHandle.standardError.write(Data("agent benchmark failed: \(error)\n".utf8))
      exit(1)
    }
    return true
  }

  /// Runs (a) and (b) and prints their table.
  static func report() throws { try AgentBench().run() }

  func run() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reflectprobe-agentbench-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let demo = try DemoProcess(executable: Self.products.appendingPathComponent("reflectprobe-demo"))
    defer { demo.stop() }
    print("\nagent benchmarks: load average (1, 5, 15 min) at start: \(InvokeBench.loadAverage())")
    let cpu = try measureCPU(demo: demo, directory: directory)
    ReportRow.printTable("Agent (issue #4) (a): health probes against reflectprobe-demo on loopback", cpu.rows)
    for note in cpu.notes { print("note: \(note)") }
    print("\nagent benchmarks: load average after (a): \(InvokeBench.loadAverage())")
    guard scaleTargets > 0 else { return }  // `--scale-targets 0`: (a) only
    let scale = try measureScale(demo: demo, directory: directory)
    ReportRow.printTable("Agent (issue #4) (b): scheduler at scale", scale.rows)
    for note in scale.notes { print("note: \(note)") }
    print("\nagent benchmarks: load average at end: \(InvokeBench.loadAverage())")
  }
}
