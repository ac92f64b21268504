import Foundation

/// A measured child process of the agent benchmarks (`reflectprobe agent` or `prometheus-blackbox-exporter`):
/// started with its output in a temp file, its CPU and memory read from `/proc/PID` (only this process: the demo
/// server it probes is another process and is not counted). Stopped with SIGTERM by ``stop()``.
final class AgentBenchProcess {
  let process = Process()
  let name: String
  /// stdout + stderr of the process (kept for error messages, removed with the temp directory).
  let log: URL

  init(name: String, executable: URL, arguments: [String], log: URL) throws {
    guard FileManager.default.isExecutableFile(atPath: executable.path) else {
      throw BenchError("\(executable.path) is missing: build or install \(name) first")
    }
    self.name = name
    self.log = log
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process.executableURL = executable
    process.arguments = arguments
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
  }

  var pid: Int32 { process.processIdentifier }

  /// Waits (at most `seconds`) for a line starting with `prefix` in the output; returns the rest of that line.
  func waitForLine(prefix: String, seconds: Double = 60) throws -> String {
    let deadline = Date().addingTimeInterval(seconds)
    func find() -> String? {
      let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
      return text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }).map {
        String($0.dropFirst(prefix.count))
      }
    }
    while Date() < deadline && process.isRunning {
      if let line = find() { return line }
      usleep(50_000)
    }
    // A process that printed its line as it exited (output flushed at exit).
    if let line = find() { return line }
    throw BenchError("\(name) did not print '\(prefix)…' within \(Int(seconds)) s:\n\(tail())")
  }

  /// The last lines of the process's output, for error messages.
  func tail(_ lines: Int = 20) -> String {
    let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
  }

  /// User + system CPU seconds of the process so far (`/proc/PID/stat` utime + stime, in clock ticks).
  func cpuSeconds() throws -> Double {
    let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
    // Fields after the command name (which may contain spaces) start at field 3, "state".
    guard let close = stat.lastIndex(of: ")") else { throw BenchError("unreadable /proc/\(pid)/stat") }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 12, let utime = Double(fields[11]), let stime = Double(fields[12]) else {
      throw BenchError("unreadable /proc/\(pid)/stat")
    }
    return (utime + stime) / Double(sysconf(Int32(_SC_CLK_TCK)))
  }

  /// Context switches of every live thread so far (`voluntary_ctxt_switches` + `nonvoluntary_ctxt_switches` of each
  /// `/proc/PID/task/TID/status`; threads that already exited are not counted).
  func contextSwitches() -> Double {
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
    var total = 0.0
    for task in tasks {
      guard let status = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/status", encoding: .utf8) else {
        continue
      }
      for line in status.split(separator: "\n") {
        guard line.hasPrefix("voluntary_ctxt_switches:") || line.hasPrefix("nonvoluntary_ctxt_switches:") else {
          continue
        }
        total += line.split(whereSeparator: { $0 == " " || $0 == "\t" }).last.flatMap { Double($0) } ?? 0
      }
    }
    return total
  }

  /// A `kB` field of `/proc/PID/status` (`VmRSS`, `VmHWM`) in bytes.
  func statusBytes(_ field: String) -> Double? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
    guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else { return nil }
    return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Double($0) }.map {
      $0 * 1024
    }
  }

  /// SIGTERM, then waits (at most 30 s, then SIGKILL) for the exit.
  func stop() {
    guard process.isRunning else { return }
    process.terminate()
    let deadline = Date().addingTimeInterval(30)
    while process.isRunning && Date() < deadline { usleep(50_000) }
    if process.isRunning { kill(pid, SIGKILL) }
    process.waitUntilExit()
  }

  deinit { stop() }

  /// A TCP port on 127.0.0.1 that was free a moment ago (for a server that cannot report the port it bound).
  static func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw BenchError("socket() failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
      }
    }
    guard bound else { throw BenchError("cannot bind a free port") }
    return Int(UInt16(bigEndian: address.sin_port))
  }
}
