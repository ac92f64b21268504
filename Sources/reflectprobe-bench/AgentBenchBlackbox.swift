import Foundation

/// Debian's `prometheus-blackbox-exporter` with one `grpc` module (plaintext health check of the whole server,
/// IPv4), driven through `/probe?target=DEMO&module=grpc` by this process at a fixed rate — as Prometheus would
/// scrape it, one probe per request on kept-alive HTTP connections.
final class AgentBenchBlackbox {
  static let executable = URL(fileURLWithPath: "/usr/bin/prometheus-blackbox-exporter")

  let process: AgentBenchProcess
  let port: Int

  init(directory: URL) throws {
    let config = directory.appendingPathComponent("blackbox.yml")
    try """
    modules:
      grpc:
        prober: grpc
        timeout: 5s
        grpc:
          tls: false
          service: ""
          preferred_ip_protocol: ip4

    """.write(to: config, atomically: true, encoding: .utf8)
    port = try AgentBenchProcess.freePort()
    process = try AgentBenchProcess(
      name: "prometheus-blackbox-exporter (apt install prometheus-blackbox-exporter)", executable: Self.executable,
      arguments: ["--config.file=\(config.path)", "--web.listen-address=127.0.0.1:\(port)"],
      log: directory.appendingPathComponent("blackbox.log"))
    let deadline = Date().addingTimeInterval(30)
    var ready = false
    while !ready && Date() < deadline && process.process.isRunning {
      ready = (try? BenchHTTPConnection(port: port, timeout: 5).get("/-/healthy").status) == 200
      if !ready { usleep(100_000) }
    }
    guard ready else { throw BenchError("blackbox_exporter did not answer /-/healthy within 30 s:\n\(process.tail())") }
  }

  func stop() { process.stop() }

  /// What a driven run did.
  struct Drive {
    var requests = 0
    var succeeded = 0
    var failures: [String] = []
  }

  /// Sends `total` probe requests for `target`, request `i` at `start + i / rate` (never earlier), from
  /// `workers` threads with one kept-alive connection each (worker `j` sends requests `j, j + workers, …`).
  func drive(target: String, rate: Double, total: Int, workers: Int = 16) -> Drive {
    let path = "/probe?target=\(target)&module=grpc"
    let start = Date().addingTimeInterval(0.2)
    let results = LockedDrive()
    let port = port
    var threads: [Thread] = []
    let done = DispatchGroup()
    for worker in 0..<workers {
      done.enter()
      let thread = Thread {
        defer { done.leave() }
        let connection = BenchHTTPConnection(port: port, timeout: 30)
        defer { connection.close() }
        for i in stride(from: worker, to: total, by: workers) {
          let wait = start.addingTimeInterval(Double(i) / rate).timeIntervalSinceNow
          if wait > 0 { usleep(UInt32(wait * 1e6)) }
          do {
            let (status, body) = try connection.get(path)
            let ok = status == 200 && String(decoding: body, as: UTF8.self).contains("\nprobe_success 1")
            results.add(ok: ok, failure: ok ? nil : "HTTP \(status): \(String(decoding: body.prefix(200), as: UTF8.self))")
          } catch {
            results.add(ok: false, failure: "\(error)")
          }
        }
      }
      threads.append(thread)
      thread.start()
    }
    done.wait()
    return results.value
  }
}

/// ``AgentBenchBlackbox/Drive`` shared by the driver threads.
private final class LockedDrive: @unchecked Sendable {
  private let lock = NSLock()
  private var drive = AgentBenchBlackbox.Drive()

  func add(ok: Bool, failure: String?) {
    lock.lock()
    defer { lock.unlock() }
    drive.requests += 1
    if ok { drive.succeeded += 1 }
    if let failure, drive.failures.count < 5 { drive.failures.append(failure) }
  }

  var value: AgentBenchBlackbox.Drive {
    lock.lock()
    defer { lock.unlock() }
    return drive
  }
}
