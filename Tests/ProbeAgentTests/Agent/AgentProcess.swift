import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The real `reflectprobe agent` binary on a temp config, listening on 127.0.0.1 port 0.
final class AgentProcess: Sendable {
  let peer: PeerProcess
  /// `http://127.0.0.1:PORT`.
  let baseURL: String
  /// `api-token` next to the config file: the token the agent generates when the config sets none (the test
  /// fixtures keep the database beside the config).
  let generatedTokenPath: String?

  static var binary: String { PeerProcess.repoRoot.appendingPathComponent(".build/debug/reflectprobe").path }

  private init(peer: PeerProcess, configPath: String) {
    self.peer = peer
    baseURL = "http://\(peer.address)"
    generatedTokenPath =
      URL(fileURLWithPath: configPath).deletingLastPathComponent()
      .appendingPathComponent("api-token").path
  }

  /// Starts the agent and waits (without blocking a thread) for its `listening on` line.
  static func start(config: String, environment: [String: String] = [:], arguments: [String] = []) async throws
    -> AgentProcess
  {
    guard FileManager.default.isExecutableFile(atPath: binary) else {
      throw PeerError("reflectprobe is not built at \(binary): run `swift build` first")
    }
    return AgentProcess(
      peer: try await PeerProcess.launch(
        name: "reflectprobe agent", executable: binary,
        arguments: ["agent", "--config", config, "--listen", "127.0.0.1:0", "--log-level", "debug"] + arguments,
        environment: environment),
      configPath: config)
  }

  var pid: Int32 { peer.process.processIdentifier }
  var stderr: String { peer.stderr }

  func signal(_ signal: Int32) { kill(pid, signal) }

  /// Waits (bounded) for the process to exit; returns its exit status, nil if it is still running.
  func waitForExit(within timeout: Duration = .seconds(20)) async throws -> Int32? {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      if !peer.process.isRunning { return peer.process.terminationStatus }
      try await Task.sleep(for: .milliseconds(20))
    }
    return nil
  }

  func stop() { peer.stop() }

  /// GET a path; returns status and body. Sends the generated API token unless `headers` set `Authorization`.
  func get(_ path: String, headers: [String: String] = [:]) async throws -> (status: Int, body: String) {
    try await Self.request(baseURL + path, method: "GET", headers: authorized(headers))
  }

  /// A request to a path of this agent, with the generated API token unless `headers` set `Authorization`.
  func send(_ path: String, method: String, headers: [String: String] = [:], body: Data? = nil) async throws
    -> (status: Int, body: String)
  {
    try await Self.request(baseURL + path, method: method, headers: authorized(headers), body: body)
  }

  /// The token the agent generated (the `api-token` file), nil when it generated none.
  var generatedToken: String? {
    guard let path = generatedTokenPath, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      return nil
    }
    return text.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  private func authorized(_ headers: [String: String]) -> [String: String] {
    guard !headers.keys.contains(where: { $0.lowercased() == "authorization" }), let token = generatedToken else {
      return headers
    }
    return headers.merging(["Authorization": "Bearer \(token)"]) { current, _ in current }
  }

  static func request(_ url: String, method: String, headers: [String: String] = [:], body: Data? = nil)
    async throws -> (status: Int, body: String)
  {
    var request = URLRequest(url: URL(string: url)!, timeoutInterval: 10)
    request.httpMethod = method
    request.httpBody = body
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
  }

  /// The current `/metrics` exposition, parsed.
  func metrics() async throws -> MetricsText { MetricsText(try await get("/metrics").body) }

  /// Polls `/metrics` until `condition` holds (bounded); returns the last exposition.
  @discardableResult
  func waitForMetrics(
    within timeout: Duration = .seconds(30), _ what: String, _ condition: (MetricsText) -> Bool
  ) async throws -> MetricsText {
    let deadline = ContinuousClock.now + timeout
    var last = MetricsText("")
    while ContinuousClock.now < deadline {
      do {
        last = try await metrics()
      } catch {
        throw PeerError("GET /metrics failed: \(error); agent log:\n\(stderr.suffix(3000))")
      }
      if condition(last) { return last }
      try await Task.sleep(for: .milliseconds(100))
    }
    throw PeerError("timed out after \(timeout) waiting for \(what); agent log:\n\(stderr.suffix(3000))")
  }
}

/// A scraped `/metrics` answer: its text (for promtool) and its samples (``Exposition``).
struct MetricsText: Sendable {
  let text: String
  private let exposition: Exposition

  init(_ text: String) {
    self.text = text
    exposition = Exposition(text)
  }

  /// The value of the one sample of `name` whose labels include `labels`.
  func value(_ name: String, _ labels: [String: String] = [:]) -> Double? { exposition.value(name, labels) }

  /// The sum over samples of `name` whose labels include `labels`.
  func sum(_ name: String, _ labels: [String: String] = [:]) -> Double {
    exposition.find(name, labels).reduce(0) { $0 + $1.value }
  }
}
