import Foundation

/// A temp directory with an agent config probing the given servers at short intervals.
struct AgentFixture {
  let directory: URL
  var configPath: String { directory.appendingPathComponent("reflectprobe.yaml").path }
  var databasePath: String { directory.appendingPathComponent("history.db").path }

  init() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("agent-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  func write(_ yaml: String) throws {
    try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
  }

  func remove() { try? FileManager.default.removeItem(at: directory) }

  /// The integration config: the demo (health, service health, discovery, passing/failing/expected-error invokes),
  /// the Python peer (health, discovery, invoke) and, optionally, a blackholed address.
  func standardConfig(demo: String, python: String, blackhole: String? = nil, interval: String = "500ms") -> String {
    var yaml = """
      global:
        database: \(databasePath)
        interval: \(interval)
        timeout: 400ms
        shutdown_grace_period: 3s
      modules:
        server_health:
          health: {service: ""}
      targets:
        - name: demo
          address: \(demo)
          labels: {env: test}
          probes:
            - {name: health, module: server_health}
            - {name: users-health, health: {service: api.users.UserService}}
            - {name: schema, discovery: {required_services: [api.users.UserService]}}
            - name: get-user
              invoke:
                method: api.users.UserService/GetUser
                request: {user_id: 1}
                expect:
                  assertions:
                    - {path: email, matches: "@example\\\\.com$"}
                    - {path: userId, equals: 1}
            - name: wrong-email
              invoke:
                method: api.users.UserService/GetUser
                request: {user_id: 1}
                expect:
                  assertions:
                    - {path: email, equals: "nobody@example.com"}
            - name: missing-user
              invoke:
                method: api.users.UserService/GetUser
                request: {user_id: 424242}
                expect: {code: NOT_FOUND}
        - name: python
          address: \(python)
          probes:
            - {name: health, module: server_health}
            - {name: schema, discovery: {}}
            - name: echo
              invoke:
                method: peer.v1.Peer/Echo
                request: {text: hello}
                expect:
                  assertions:
                    - {path: text, equals: hello}

      """
    if let blackhole {
      yaml += """
          - name: blackhole
            address: \(blackhole)
            probes:
              - {name: health, module: server_health, timeout: 300ms}

        """
    }
    return yaml
  }
}
