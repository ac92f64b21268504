import Foundation
import Synchronization

/// A server started as a child process (the demo binary or the Python peer) that prints `listening on HOST:PORT`
/// on stdout once bound. Every wait is bounded; ``stop(timeout:)`` (or deinit, as a last resort) ends it.
final class ServerProcess: @unchecked Sendable {
  let process: Process
  let host: String
  let port: Int
  private let output: OutputBox

  private init(process: Process, host: String, port: Int, output: OutputBox) {
    self.process = process
    self.host = host
    self.port = port
    self.output = output
  }

  deinit {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }

  /// What the process wrote to stderr so far (for failure messages).
  var stderr: String { output.text(\.stderr) }

  /// Starts the executable and waits (at most `timeout`) for its `listening on` line.
  static func start(
    _ executable: URL, _ arguments: [String], timeout: Duration = .seconds(60)
  ) async throws -> ServerProcess {
    guard FileManager.default.isExecutableFile(atPath: executable.path) else {
      throw TestFailure("not an executable: \(executable.path)")
    }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let output = OutputBox()
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    out.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData, to: \.stdout, handle) }
    err.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData, to: \.stderr, handle) }
    try process.run()

    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
      if let (host, port) = output.listeningAddress() {
        return ServerProcess(process: process, host: host, port: port, output: output)
      }
      if !process.isRunning {
        await output.waitForEOF(timeout: .seconds(2))
        throw TestFailure(
          "\(executable.lastPathComponent) exited (\(process.terminationStatus)) before listening: "
            + output.text(\.stderr))
      }
      try await Task.sleep(for: .milliseconds(20))
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    throw TestFailure("\(executable.lastPathComponent) did not print `listening on` in time: \(output.text(\.stderr))")
  }

  /// Sends SIGTERM and waits (at most `timeout`) for the exit; SIGKILL after that. Returns the exit status, or nil
  /// when the process had to be killed.
  @discardableResult
  func stop(timeout: Duration = .seconds(10)) async -> Int32? {
    guard process.isRunning else { return process.terminationStatus }
    kill(process.processIdentifier, SIGTERM)
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while process.isRunning && ContinuousClock.now < deadline {
      try? await Task.sleep(for: .milliseconds(20))
    }
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      return nil
    }
    return process.terminationStatus
  }

  /// Runs `body` with a started server and always stops the server afterwards, even when `body` throws.
  static func with<T: Sendable>(
    _ executable: URL, _ arguments: [String], _ body: (ServerProcess) async throws -> T
  ) async throws -> T {
    let server = try await start(executable, arguments)
    do {
      let result = try await body(server)
      await server.stop()
      return result
    } catch {
      await server.stop()
      throw error
    }
  }
}

/// The child's stdout and stderr, collected from pipe callbacks.
final class OutputBox: Sendable {
  struct Buffers {
    var stdout = Data()
    var stderr = Data()
    var closed = 0
  }

  private let buffers = Mutex(Buffers())

  func append(_ data: Data, to key: WritableKeyPath<Buffers, Data> & Sendable, _ handle: FileHandle) {
    if data.isEmpty {
      handle.readabilityHandler = nil  // EOF
      buffers.withLock { $0.closed += 1 }
      return
    }
    buffers.withLock { buffers in
      // Bounded: a chatty child cannot grow the test's memory without limit.
      if buffers[keyPath: key].count < 1_000_000 { buffers[keyPath: key].append(data) }
    }
  }

  /// Waits (bounded) until both pipes reached EOF, so an exited child's last words are in.
  func waitForEOF(timeout: Duration) async {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while buffers.withLock({ $0.closed < 2 }) && ContinuousClock.now < deadline {
      try? await Task.sleep(for: .milliseconds(10))
    }
  }

  func text(_ key: KeyPath<Buffers, Data> & Sendable) -> String {
    buffers.withLock { String(decoding: $0[keyPath: key], as: UTF8.self) }
  }

  /// HOST and PORT from the first stdout line, once it is complete.
  func listeningAddress() -> (String, Int)? {
    let out = text(\.stdout)
    guard let newline = out.firstIndex(of: "\n") else { return nil }
    let line = out[..<newline]
    guard line.hasPrefix("listening on "), let colon = line.lastIndex(of: ":"),
      let port = Int(line[line.index(after: colon)...])
    else { return nil }
    return (String(line.dropFirst("listening on ".count)[..<colon]), port)
  }
}

/// A test precondition that failed (a missing binary, a server that did not start).
struct TestFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
