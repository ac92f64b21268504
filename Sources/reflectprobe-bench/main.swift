import Foundation

// The in-process clients (invoke section, the floor of the agent's (a)) run on Swift's default concurrency pool,
// as a library user's do unless their `main` installs `EventLoopExecutor`; the agent and demo server are child
// processes that install it themselves.

// `make bench`: every figure printed next to its reference in the same run, as a ratio.
if AgentBench.runIfSelected() { exit(0) }
// `--health-floor ADDRESS ...`: the child process of the agent benchmark's floor row.
if await AgentBenchFloor.runIfSelected() { exit(0) }
// `--only metrics|store|invoke [--seconds S]`: one section, no protoset needed.
if let flag = CommandLine.arguments.firstIndex(of: "--only"), flag + 1 < CommandLine.arguments.count {
  let seconds =
    CommandLine.arguments.firstIndex(of: "--seconds").flatMap {
      $0 + 1 < CommandLine.arguments.count ? Double(CommandLine.arguments[$0 + 1]) : nil
    } ?? 1.0
  switch CommandLine.arguments[flag + 1] {
  case "metrics": MetricsBench.report(timing: Timing(minSeconds: seconds))
  case "store": await StoreBench.report(seconds: seconds)
  case "invoke":
    do {
      try await InvokeBench.report(seconds: seconds, python: ProcessInfo.processInfo.environment["REFLECTPROBE_PYTHON"])
    } catch {
      FileHandle.standardError.write(Data("benchmark failed: \(error)\n".utf8))
      exit(1)
    }
  default:
    FileHandle.standardError.write(Data("--only takes agent, invoke, metrics or store\n".utf8))
    exit(2)
  }
  exit(0)
}
var protoset: String?
var seconds = 1.0
var arguments = CommandLine.arguments.dropFirst()
while let arg = arguments.popFirst() {
  switch arg {
  case "--protoset": protoset = arguments.popFirst()
  case "--seconds": seconds = arguments.popFirst().flatMap(Double.init) ?? seconds
  default:
    FileHandle.standardError.write(Data("usage: reflectprobe-bench --protoset FILE [--seconds S]\n".utf8))
    exit(2)
  }
}
guard let protoset else {
  FileHandle.standardError.write(Data("usage: reflectprobe-bench --protoset FILE [--seconds S]\n".utf8))
  exit(2)
}
let python = ProcessInfo.processInfo.environment["REFLECTPROBE_PYTHON"]
print("reflectprobe benchmarks — \(ProcessInfo.processInfo.activeProcessorCount) cores, \(Date())")
do {
  let rows = try CodecBench(protoset: protoset, python: python, timing: Timing(minSeconds: seconds)).run()
  ReportRow.printTable("Codec (bench.Rich)", rows)
  try await InvokeBench.report(seconds: seconds, python: python)
  try AgentBench.report()
} catch {
  FileHandle.standardError.write(Data("benchmark failed: \(error)\n".utf8))
  exit(1)
}
MetricsBench.report(timing: Timing(minSeconds: seconds))
await StoreBench.report(seconds: seconds)
