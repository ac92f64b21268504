import Foundation
import Testing

/// The REST API (`/api/v1`) of the real agent process over a socket, against the real demo server.
@Suite(.serialized) struct RESTAPITests {
  @Test func discoversDescribesAndInvokesTheDemo() async throws {
    let fixture = try AgentFixture()
    defer { fixture.remove() }
    try await withPeer(PeerProcess.demo()) { demo in
      try fixture.write(
        """
        global: {database: \(fixture.databasePath), interval: 300ms, timeout: 250ms, shutdown_grace_period: 3s}
        targets:
          - name: demo
            address: \(demo.address)
            labels: {env: test}
            probes:
              - {name: health, health: {service: ""}}
          - {name: locked, address: "\(demo.address)", allow_invoke: false}
          - {name: limited, address: "\(demo.address)", invoke_methods: [api.users.UserService/GetUser]}
        """)
      let agent = try await AgentProcess.start(config: fixture.configPath)
      defer { agent.stop() }
      let api = RESTClient(agent: agent)

      // Targets, with the probe's last state once it has run.
      let deadline = ContinuousClock.now + .seconds(15)
      var probe: [String: Any] = [:]
      while ContinuousClock.now < deadline {
        let (status, targets) = try await api.get("/api/v1/targets")
        #expect(status == 200)
        let target = (targets["targets"] as? [[String: Any]])?.first
        #expect((targets["targets"] as? [Any])?.count == 3)
        #expect(target?["name"] as? String == "demo" && target?["address"] as? String == demo.address)
        probe = (target?["probes"] as? [[String: Any]])?.first ?? [:]
        if probe["state"] is [String: Any] { break }
        try await Task.sleep(for: .milliseconds(100))
      }
      let state = try #require(probe["state"] as? [String: Any], "the probe's state appears: \(probe)")
      #expect(probe["name"] as? String == "health" && probe["kind"] as? String == "health")
      #expect(state["success"] as? Bool == true && state["codeName"] as? String == "OK")
      #expect(state["latencyMs"] is Double && state["since"] is String && state["time"] is String)

      // Services and one service's methods and .proto.
      let (listed, services) = try await api.get("/api/v1/targets/demo/services")
      #expect(listed == 200)
      #expect((services["services"] as? [String])?.contains("api.users.UserService") == true, "\(services)")
      let (described, service) = try await api.get("/api/v1/targets/demo/services/api.users.UserService")
      #expect(described == 200)
      let methods = service["methods"] as? [[String: Any]] ?? []
      let listUsers = methods.first { $0["name"] as? String == "ListUsers" }
      #expect(listUsers?["streamingKind"] as? String == "server_streaming")
      #expect(listUsers?["inputType"] as? String == "api.users.ListUsersRequest")
      #expect(listUsers?["outputType"] as? String == "api.users.User")
      #expect((service["proto"] as? String)?.contains("rpc GetUser") == true, "\(service["proto"] ?? "")")
      let (unknownService, missing) = try await api.get("/api/v1/targets/demo/services/no.Such")
      #expect(unknownService == 404 && api.errorCode(missing) == "service_not_found")

      // A message type: .proto, fields, request template; an enum; not a type.
      let (typed, user) = try await api.get("/api/v1/targets/demo/types/api.users.User")
      #expect(typed == 200 && user["kind"] as? String == "message", "\(user)")
      #expect((user["proto"] as? String)?.contains("message User") == true)
      let fields = user["fields"] as? [[String: Any]] ?? []
      let userID = fields.first { $0["name"] as? String == "user_id" }
      #expect(userID?["jsonName"] as? String == "userId" && userID?["type"] as? String == "int64", "\(fields)")
      #expect(fields.first { $0["name"] as? String == "role" }?["typeName"] as? String == "api.users.Role")
      #expect(fields.first { $0["name"] as? String == "labels" }?["label"] as? String == "map")
      #expect((user["template"] as? [String: Any])?["email"] != nil, "\(user["template"] ?? "")")
      let (enumStatus, role) = try await api.get("/api/v1/targets/demo/types/api.users.Role")
      #expect(enumStatus == 200 && (role["values"] as? [[String: Any]])?.count == 3, "\(role)")
      let (notType, _) = try await api.get("/api/v1/targets/demo/types/api.users.Nope")
      #expect(notType == 404)

      // Unary invoke.
      let (ok, got) = try await api.invoke(
        #"{"service": "api.users.UserService", "method": "GetUser", "request": {"user_id": 1}}"#)
      #expect(ok == 200 && got["codeName"] as? String == "OK" && got["code"] as? Int == 0, "\(got)")
      let response = got["response"] as? [String: Any]
      #expect((response?["email"] as? String)?.hasSuffix("@example.com") == true, "\(got)")
      #expect(got["latencyMs"] is Double && got["source"] == nil)

      // Missing user: upstream NOT_FOUND → 404.
      let (notFound, missingUser) = try await api.invoke(
        #"{"method": "api.users.UserService/GetUser", "request": {"userId": "424242"}}"#)
      #expect(notFound == 404 && missingUser["codeName"] as? String == "NOT_FOUND", "\(missingUser)")
      #expect(missingUser["source"] as? String == "upstream" && api.errorCode(missingUser) == "not_found")

      // UpdateProfile without, with a wrong, and with the API key.
      let update =
        #""service": "api.users.UserService", "method": "UpdateProfile", "request": {"user_id": 1, "profile": {"display_name": "Ada"}}"#
      let (unauthenticated, noKey) = try await api.invoke("{\(update)}")
      #expect(unauthenticated == 401 && noKey["codeName"] as? String == "UNAUTHENTICATED", "\(noKey)")
      #expect(noKey["source"] as? String == "upstream")
      let (forbidden, wrongKey) = try await api.invoke(#"{\#(update), "metadata": {"x-api-key": "nope"}}"#)
      #expect(forbidden == 403 && wrongKey["codeName"] as? String == "PERMISSION_DENIED", "\(wrongKey)")
      let (updated, profile) = try await api.invoke(#"{\#(update), "metadata": {"X-Api-Key": "demo-key"}}"#)
      #expect(updated == 200, "\(profile)")
      let displayName = ((profile["response"] as? [String: Any])?["profile"] as? [String: Any])?["displayName"]
      #expect(displayName as? String == "Ada", "\(profile)")

      // Server streaming, and its bound.
      let (streamed, stream) = try await api.invoke(
        #"{"service": "api.users.UserService", "method": "ListUsers", "request": {}}"#)
      let responses = stream["responses"] as? [[String: Any]] ?? []
      #expect(streamed == 200 && responses.count >= 2 && stream["truncated"] as? Bool == false, "\(stream)")
      let (_, bounded) = try await api.invoke(
        #"{"service": "api.users.UserService", "method": "ListUsers", "request": {}, "maxResponses": 1}"#)
      #expect((bounded["responses"] as? [Any])?.count == 1 && bounded["truncated"] as? Bool == true)
      #expect(bounded["responseCount"] as? Int == responses.count)

      // Client streaming with requests[].
      let (created, creation) = try await api.invoke(
        #"{"method": "api.users.UserService/CreateUsers", "requests": [{"email": "a@example.com"}, {"email": "b@example.com"}]}"#
      )
      #expect(created == 200 && (creation["response"] as? [String: Any])?["created"] as? Int == 2, "\(creation)")

      // Failures of reflectprobe's own: unknown target, method, bad request bodies.
      let (noTarget, unknownTarget) = try await api.invoke(
        #"{"method": "api.users.UserService/GetUser"}"#, target: "elsewhere")
      #expect(noTarget == 404 && api.errorCode(unknownTarget) == "target_not_found")
      #expect(unknownTarget["source"] as? String == "reflectprobe")
      let (noServices, _) = try await api.get("/api/v1/targets/127.0.0.1:1/services")
      #expect(noServices == 404)
      let (noMethod, unknownMethod) = try await api.invoke(#"{"method": "api.users.UserService/Nope"}"#)
      #expect(noMethod == 404 && api.errorCode(unknownMethod) == "method_not_found")
      let (badField, invalid) = try await api.invoke(
        #"{"method": "api.users.UserService/GetUser", "request": {"no_such_field": 1}}"#)
      #expect(badField == 400 && api.errorCode(invalid) == "invalid_request", "\(invalid)")
      let (tooLarge, oversize) = try await api.invoke(
        #"{"method": "api.users.UserService/GetUser", "request": {"email": ""# + String(repeating: "x", count: 4 << 20)
          + #""}}"#)
      #expect(tooLarge == 413 && api.errorCode(oversize) == "body_too_large", "\(tooLarge)")
      let (notJSON, garbage) = try await api.invoke("{")
      #expect(notJSON == 400 && api.errorCode(garbage) == "invalid_body")

      // allow_invoke: false and invoke_methods.
      let getUser = #"{"method": "api.users.UserService/GetUser", "request": {"user_id": 1}}"#
      let (disabled, locked) = try await api.invoke(getUser, target: "locked")
      #expect(disabled == 403 && api.errorCode(locked) == "invoke_disabled", "\(locked)")
      #expect(try await api.invoke(getUser, target: "limited").0 == 200)
      let (notAllowed, limited) = try await api.invoke(
        #"{"method": "api.users.UserService/ListUsers", "request": {}}"#, target: "limited")
      #expect(notAllowed == 403 && api.errorCode(limited) == "method_not_allowed", "\(limited)")
      #expect(try await api.get("/api/v1/targets/locked/services").0 == 200, "discovery stays open")

      // History of the probe (raw resolution for the default hour), schema changes, bad queries.
      var points: [[String: Any]] = []
      var history: [String: Any] = [:]
      for _ in 0..<100 where points.isEmpty {
        let (status, body) = try await api.get("/api/v1/history?target=demo&probe=health")
        #expect(status == 200, "\(body)")
        history = body
        points = body["points"] as? [[String: Any]] ?? []
        if points.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
      }
      #expect(history["resolution"] as? String == "raw" && !points.isEmpty, "\(history)")
      #expect(points.first?["successes"] as? Int == 1 && points.first?["latencyAvgMs"] is Double, "\(points)")
      let (stepped, minutes) = try await api.get("/api/v1/history?target=demo&probe=health&step=1m")
      #expect(stepped == 200 && (minutes["points"] as? [Any])?.isEmpty == false, "\(minutes)")
      // Within the raw retention a step aggregates raw rows into buckets of that step, aligned to it.
      let minuteTimes = (minutes["points"] as? [[String: Any]] ?? []).compactMap { $0["time"] as? String }
      #expect(!minuteTimes.isEmpty && minuteTimes.allSatisfy { $0.hasSuffix(":00.000Z") }, "\(minutes)")
      // Long ranges read the hourly rollups (written in the same transaction as the raw rows): every run so far is
      // counted in them, the runs of the last hour at least as many as the raw points seen above.
      let monthAgo = Int(Date().timeIntervalSince1970) - 30 * 86400
      let (hourly, hours) = try await api.get("/api/v1/history?target=demo&probe=health&from=\(monthAgo)")
      let hourPoints = hours["points"] as? [[String: Any]] ?? []
      #expect(hourly == 200 && hours["resolution"] as? String == "hour", "\(hours)")
      let hourRuns = hourPoints.compactMap { $0["count"] as? Int }.reduce(0, +)
      #expect(hourRuns >= points.count && hourPoints.allSatisfy { $0["successRate"] as? Double == 1 }, "\(hours)")
      let (stepHour, byStep) = try await api.get("/api/v1/history?target=demo&probe=health&step=1h")
      let hourTimes = (byStep["points"] as? [[String: Any]] ?? []).compactMap { $0["time"] as? String }
      #expect(stepHour == 200 && hourTimes.allSatisfy { $0.hasSuffix(":00:00.000Z") }, "\(byStep)")
      #expect((byStep["points"] as? [[String: Any]])?.compactMap { $0["count"] as? Int }.reduce(0, +) ?? 0 >= 1)
      #expect(try await api.get("/api/v1/history?target=demo&probe=nope").0 == 404)
      #expect(try await api.get("/api/v1/history?target=demo&probe=health&from=yesterday").0 == 400)
      #expect(try await api.get("/api/v1/history?probe=health").0 == 400)
      let (changed, changes) = try await api.get("/api/v1/schema-changes?target=demo&since=0")
      #expect(changed == 200 && changes["changes"] is [Any], "\(changes)")
      // The OpenAPI document lists every route.
      let (documented, openapi) = try await api.get("/api/v1/openapi.json")
      #expect(documented == 200 && openapi["openapi"] as? String == "3.1.0")
      let paths = (openapi["paths"] as? [String: Any])?.keys.sorted() ?? []
      for route in [
        "/api/v1/targets", "/api/v1/targets/{target}/invoke", "/api/v1/history", "/api/v1/schema-changes",
        "/api/v1/targets/{target}/types/{type}", "/metrics", "/-/reload",
      ] {
        #expect(paths.contains(route), "\(route) in \(paths)")
      }
      #expect(agent.stderr.contains("api invoke") && !agent.stderr.contains("demo-key"), "audited, no secrets")
    }
  }
}

extension RESTAPITests {
  /// A Python grpcio target (reflection v1alpha only): headers, trailers, every streaming kind, a deadline, and
  /// rich error details.
  @Test func invokesAPythonTarget() async throws {
    let fixture = try AgentFixture()
    defer { fixture.remove() }
    try await withPeer(PeerProcess.python()) { python in
      try fixture.write(
        """
        global: {database: \(fixture.databasePath), interval: 10s, timeout: 5s, shutdown_grace_period: 3s}
        targets:
          - {name: python, address: "\(python.address)"}
        """)
      let agent = try await AgentProcess.start(config: fixture.configPath)
      defer { agent.stop() }
      let api = RESTClient(agent: agent)

      let (ok, echo) = try await api.invoke(
        #"{"method": "peer.v1.Peer/Echo", "request": {"text": "hi", "login": "ada"}, "metadata": {"x-trace": "t1"}}"#,
        target: "python")
      let reply = echo["response"] as? [String: Any]
      #expect(ok == 200 && reply?["text"] as? String == "hi" && reply?["login"] as? String == "ada", "\(echo)")
      #expect((reply?["metadata"] as? [String: Any])?["x-trace"] as? String == "t1", "\(echo)")
      #expect((echo["headers"] as? [String: Any])?["x-peer"] as? String == "python", "\(echo)")
      #expect((echo["trailers"] as? [String: Any])?["x-peer-trailer"] as? String == "done", "\(echo)")

      let (_, count) = try await api.invoke(
        #"{"method": "peer.v1.Peer/Count", "request": {"count": 3}}"#, target: "python")
      #expect((count["responses"] as? [[String: Any]])?.compactMap { $0["n"] as? Int } == [1, 2, 3], "\(count)")
      let (_, sum) = try await api.invoke(
        #"{"method": "peer.v1.Peer/Sum", "requests": [{"value": 2}, {"value": 5}]}"#, target: "python")
      #expect((sum["response"] as? [String: Any])?["total"] as? String == "7", "\(sum)")
      let (_, shout) = try await api.invoke(
        #"{"method": "peer.v1.Peer/Shout", "requests": [{"text": "a"}, {"text": "b"}]}"#, target: "python")
      #expect((shout["responses"] as? [[String: Any]])?.compactMap { $0["text"] as? String } == ["A", "B"], "\(shout)")

      let (late, slow) = try await api.invoke(
        #"{"method": "peer.v1.Peer/Slow", "request": {"delay": "5s"}, "timeoutMs": 200}"#, target: "python")
      #expect(late == 504 && slow["codeName"] as? String == "DEADLINE_EXCEEDED", "\(slow)")

      let (failed, failure) = try await api.invoke(
        #"{"method": "peer.v1.Peer/Fail", "request": {"code": 9, "message": "not yet", "reason": "WAIT"}}"#,
        target: "python")
      #expect(failed == 400 && failure["codeName"] as? String == "FAILED_PRECONDITION", "\(failure)")
      #expect(failure["message"] as? String == "not yet" && failure["source"] as? String == "upstream")
      let details = failure["details"] as? [[String: Any]] ?? []
      #expect(
        details.contains {
          ($0["@type"] as? String)?.hasSuffix("google.rpc.ErrorInfo") == true
            && $0["reason"] as? String == "WAIT"
        }, "\(details)")
    }
  }
}

/// JSON requests to the agent's REST API.
struct RESTClient {
  let agent: AgentProcess

  func get(_ path: String) async throws -> (Int, [String: Any]) {
    let (status, body) = try await agent.get(path)
    return (status, try Self.object(body))
  }

  func invoke(_ body: String, target: String = "demo") async throws -> (Int, [String: Any]) {
    let (status, text) = try await agent.send(
      "/api/v1/targets/\(target)/invoke", method: "POST", headers: ["content-type": "application/json"],
      body: Data(body.utf8))
    return (status, try Self.object(text))
  }

  func errorCode(_ body: [String: Any]) -> String? { (body["error"] as? [String: Any])?["code"] as? String }

  static func object(_ text: String) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
      throw PeerError("not a JSON object: \(text)")
    }
    return object
  }
}
