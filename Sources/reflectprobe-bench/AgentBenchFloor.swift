import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtos

/// The floor of (a): a bare generated grpc-swift-2 health client doing what the agent's probes do on the wire —
/// `rate` "targets", each one `grpc.health.v1.Health/Check` (timeout 900 ms) per second at its own offset in the
/// second, all on one HTTP/2 connection — with no scheduler, store, metrics or dynamic layer. It runs as a child
/// process (`reflectprobe-bench --health-floor ADDRESS --rate N --warm-up S --seconds S`), so its CPU is read
/// from its own `/proc/self/stat` exactly as the agent's is, and printed as one `floor: …` line.
enum AgentBenchFloor {
  /// The child's side: runs the load and prints `floor: calls=N ok=M cpu=SECONDS`; false without `--health-floor`.
  static func runIfSelected() async -> Bool {
    let arguments = Array(CommandLine.arguments.dropFirst())
    guard let flag = arguments.firstIndex(of: "--health-floor"), flag + 1 < arguments.count else { return false }
    func value(_ name: String, _ fallback: Double) -> Double {
      guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
      return Double(arguments[index + 1]) ?? fallback
    }
    let address = arguments[flag + 1]
    let rate = max(Int(value("--rate", 100)), 1)
    do {
      let (calls, ok, cpu) = try await run(
        address: address, rate: rate, warmUp: value("--warm-up", 3), seconds: value("--seconds", 100))
      print("floor: calls=\(calls) ok=\(ok) cpu=\(cpu)")
    } catch {
      print("floor: failed: \(error)")
    }
    return true
  }

  /// `rate` loops of one call per second each, offsets spread over the second; counts and CPU of the measured
  /// window (after `warmUp` seconds).
  static func run(address: String, rate: Int, warmUp: Double, seconds: Double) async throws
    -> (calls: Int, ok: Int, cpu: Double)
  {
    guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
      throw BenchError("bad address \(address)")
    }
    let transport = try HTTP2ClientTransport.Posix(
      target: .ipv4(address: String(address[..<colon]), port: port), transportSecurity: .plaintext)
    return try await withGRPCClient(transport: transport) { grpc in
      let health = Grpc_Health_V1_Health.Client(wrapping: grpc)
      let start = ContinuousClock.now + .milliseconds(100)
      let measureFrom = start + .seconds(warmUp)
      let end = measureFrom + .seconds(seconds)
      let counts = FloorCounts()
      let options = { () -> CallOptions in
        var options = CallOptions.defaults
        options.timeout = .milliseconds(900)
        return options
      }()
      let cpu0 = FloorCPU()
      try await withThrowingDiscardingTaskGroup { group in
        group.addTask {
          try await Task.sleep(until: measureFrom)
          cpu0.mark()
        }
        for target in 0..<rate {
          group.addTask {
            var next = start + .seconds(Double(target) / Double(rate))
            while next < end {
              try await Task.sleep(until: next)
              let ok: Bool
              do {
                ok = try await health.check(Grpc_Health_V1_HealthCheckRequest(), options: options).status == .serving
              } catch {
                ok = false
              }
              if next >= measureFrom { counts.add(ok: ok) }
              next = next + .seconds(1)
            }
          }
        }
      }
      let cpu = try AgentBenchFloor.cpuSeconds() - cpu0.seconds
      return (counts.calls, counts.ok, cpu)
    }
  }

  /// This process's user + system CPU seconds (`/proc/self/stat`, as ``AgentBenchProcess/cpuSeconds()``).
  static func cpuSeconds() throws -> Double {
    let stat = try String(contentsOfFile: "/proc/self/stat", encoding: .utf8)
    guard let close = stat.lastIndex(of: ")") else { throw BenchError("unreadable /proc/self/stat") }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 12, let utime = Double(fields[11]), let stime = Double(fields[12]) else {
      throw BenchError("unreadable /proc/self/stat")
    }
    return (utime + stime) / Double(sysconf(Int32(_SC_CLK_TCK)))
  }
}

/// Calls counted by the floor's loops.
private final class FloorCounts: @unchecked Sendable {
  private let lock = NSLock()
  private var values = (calls: 0, ok: 0)

  func add(ok: Bool) {
    lock.lock()
    defer { lock.unlock() }
    values.calls += 1
    if ok { values.ok += 1 }
  }

  var calls: Int { lock.withLock { values.calls } }
  var ok: Int { lock.withLock { values.ok } }
}

/// The CPU reading at the start of the measured window.
private final class FloorCPU: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0.0

  func mark() { lock.withLock { value = (try? AgentBenchFloor.cpuSeconds()) ?? 0 } }
  var seconds: Double { lock.withLock { value } }
}
