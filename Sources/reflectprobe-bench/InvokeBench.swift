import DemoServices
import Foundation
import GRPCCore
import GRPCDynamic
import GRPCNIOTransportHTTP2

/// Unary `api.users.UserService/GetUser {"userId": 1}` against a `reflectprobe-demo` child process: the dynamic
/// client (`DynamicClient.invoke`, JSON in and out) vs the generated grpc-swift-2 stubs for the same method vs
/// Python's `grpc-requests` (reflection-based, dict in and out), one call at a time and with `inFlight` calls in
/// flight; then the wall time of a cold `reflectprobe list` against a cold `grpc-requests` listing.
///
/// Both Swift clients hold one HTTP/2 connection, warmed up before measuring; their runs alternate in `rounds`
/// rounds of `seconds` each (at most `maxCalls` calls per run) and are pooled, so that load from other processes
/// falls on both alike. CPU is this process's (`getrusage`): the server's is not counted.
struct InvokeBench {
  /// Where the release (or debug) products `reflectprobe` and `reflectprobe-demo` are.
  let products: URL
  let python: String?
  let seconds: Double
  var rounds = 3
  var inFlight = 64
  var maxCalls = 200_000
  var coldRuns = 10

  static let method = "api.users.UserService/GetUser"
  static let requestJSON = #"{"userId": 1}"#

  /// Runs everything and prints the two tables.
  static func report(seconds: Double, python: String?) async throws {
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    let bench = InvokeBench(products: products, python: python, seconds: seconds)
    print("\nload average (1, 5, 15 min): \(Self.loadAverage())")
    let (invoke, cold) = try await bench.run()
    ReportRow.printTable("Unary invoke (GetUser against reflectprobe-demo, loopback)", invoke)
    ReportRow.printTable("Cold `list` (fresh process, reflection, \(bench.coldRuns) runs)", cold)
  }

  /// Swift and Python figures from one demo server.
  struct Figures {
    var dynamicSequential = CallLoad.Result()
    var generatedSequential = CallLoad.Result()
    var dynamicConcurrent = CallLoad.Result()
    var generatedConcurrent = CallLoad.Result()
  }

  func run() async throws -> (invoke: [ReportRow], cold: [ReportRow]) {
    let demo = try DemoProcess(executable: products.appendingPathComponent("reflectprobe-demo"))
    defer { demo.stop() }
    let swift = try await measureSwiftClients(demo)
    let reference = try GRPCRequestsReference(python: python)
    let py = try reference?.invoke(
      address: demo.address, seconds: seconds * Double(rounds), maxCalls: maxCalls, inFlight: inFlight)
    let cold = try ColdListBench(runs: coldRuns).run(
      cli: products.appendingPathComponent("reflectprobe"), reference: reference, address: demo.address)
    return (rows(swift, py), cold)
  }

  private func measureSwiftClients(_ demo: DemoProcess) async throws -> Figures {
    let load = CallLoad(seconds: seconds, maxCalls: maxCalls)
    let transport = try HTTP2ClientTransport.Posix(
      target: .ipv4(address: demo.host, port: demo.port), transportSecurity: .plaintext)
    return try await withConnectionPool { pool in
      let dynamic = try DynamicClient(target: demo.address, options: .plaintext, pool: pool)
      return try await withGRPCClient(transport: transport) { grpc in
        let generated = Api_Users_UserService.Client(wrapping: grpc)
        let request = Api_Users_GetUserRequest.with { $0.userID = 1 }
        @Sendable func callDynamic() async throws {
          let reply = try await dynamic.invoke(Self.method, json: Self.requestJSON)
          precondition(!reply.json.isEmpty)
        }
        @Sendable func callGenerated() async throws {
          let user = try await generated.getUser(request)
          precondition(user.userID == 1)
        }
        // Same answer both ways before timing anything.
        let check = try await dynamic.invoke(Self.method, json: Self.requestJSON)
        guard check.json.contains(#""userId": "1""#), try await generated.getUser(request).userID == 1 else {
          throw BenchError("unexpected GetUser answer: \(check.json)")
        }
        var figures = Figures()
        for round in 0..<rounds {
          // Alternate who goes first, so drifting load favours neither.
          if round.isMultiple(of: 2) {
            figures.generatedSequential = figures.generatedSequential + (try await load.sequential(callGenerated))
            figures.dynamicSequential = figures.dynamicSequential + (try await load.sequential(callDynamic))
          } else {
            figures.dynamicSequential = figures.dynamicSequential + (try await load.sequential(callDynamic))
            figures.generatedSequential = figures.generatedSequential + (try await load.sequential(callGenerated))
          }
        }
        for round in 0..<rounds {
          let gen = { try await load.concurrent(inFlight: inFlight, callGenerated) }
          let dyn = { try await load.concurrent(inFlight: inFlight, callDynamic) }
          if round.isMultiple(of: 2) {
            figures.generatedConcurrent = figures.generatedConcurrent + (try await gen())
            figures.dynamicConcurrent = figures.dynamicConcurrent + (try await dyn())
          } else {
            figures.dynamicConcurrent = figures.dynamicConcurrent + (try await dyn())
            figures.generatedConcurrent = figures.generatedConcurrent + (try await gen())
          }
        }
        return figures
      }
    }
  }

  private func rows(_ f: Figures, _ py: GRPCRequestsReference.Figures?) -> [ReportRow] {
    let dynSeq = f.dynamicSequential.summary, genSeq = f.generatedSequential.summary
    let dynConc = f.dynamicConcurrent.summary, genConc = f.generatedConcurrent.summary
    var rows = [
      throughputRow("sequential: dynamic vs generated", dynSeq, genSeq, goal: 0.8),
      throughputRow("\(inFlight) in flight: dynamic vs generated", dynConc, genConc, goal: 0.8),
      cpuRow("CPU per call, sequential: dynamic vs generated", dynSeq, genSeq, goal: nil),
    ]
    guard let py else {
      print("note: REFLECTPROBE_PYTHON not set; grpc-requests reference skipped")
      return rows
    }
    print("reference: \(py.package); \(inFlight) in flight: \(py.best.mode ?? "?") (faster of: "
      + py.concurrent.map { "\($0.mode ?? "?") \(Self.number($0.calls_per_second)) calls/s" }.joined(separator: ", ")
      + ")")
    rows += [
      cpuRow("CPU per call, sequential: dynamic vs grpc-requests", dynSeq, py.sequential.summary, goal: 0.3),
      cpuRow("CPU per call, \(inFlight) in flight: dynamic vs grpc-requests", dynConc, py.best.summary, goal: nil),
      throughputRow("sequential: dynamic vs grpc-requests", dynSeq, py.sequential.summary, goal: nil),
      throughputRow("\(inFlight) in flight: dynamic vs grpc-requests", dynConc, py.best.summary, goal: 3),
    ]
    return rows
  }

  private func throughputRow(_ name: String, _ value: CallLoad.Summary, _ reference: CallLoad.Summary, goal: Double?)
    -> ReportRow
  {
    let ratio = value.callsPerSecond / reference.callsPerSecond
    return ReportRow(
      name: name, value: Self.describe(value), reference: Self.describe(reference),
      ratio: String(format: "%.2fx throughput", ratio),
      goal: goal.map { String(format: "≥ %.2gx ", $0) + (ratio >= $0 ? "✓" : "✗") } ?? "—")
  }

  private func cpuRow(_ name: String, _ value: CallLoad.Summary, _ reference: CallLoad.Summary, goal: Double?)
    -> ReportRow
  {
    let ratio = value.cpuMicrosPerCall / reference.cpuMicrosPerCall
    return ReportRow(
      name: name, value: String(format: "%.1f µs CPU/call", value.cpuMicrosPerCall),
      reference: String(format: "%.1f µs CPU/call", reference.cpuMicrosPerCall),
      ratio: String(format: "%.2fx CPU", ratio),
      goal: goal.map { String(format: "≤ %.2gx ", $0) + (ratio <= $0 ? "✓" : "✗") } ?? "—")
  }

  static func describe(_ r: CallLoad.Summary) -> String {
    "\(number(r.callsPerSecond)) calls/s, p50 \(micros(r.p50Micros)), p99 \(micros(r.p99Micros)) (\(r.calls) calls)"
  }

  static func number(_ x: Double) -> String {
    let formatter = NumberFormatter()
    formatter.numberStyle = .decimal
    formatter.maximumFractionDigits = 0
    return formatter.string(from: NSNumber(value: x.rounded())) ?? String(Int(x))
  }

  static func micros(_ us: Double) -> String {
    us >= 1000 ? String(format: "%.2f ms", us / 1000) : String(format: "%.0f µs", us)
  }

  static func loadAverage() -> String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
    return text.split(separator: " ").prefix(3).joined(separator: ", ")
  }
}
