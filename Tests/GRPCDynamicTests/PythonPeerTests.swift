import DynamicProto
import GRPCDynamic
import Testing

/// Against grpcio (grpcio-reflection serves only v1alpha): the v1 → v1alpha fallback, every status code with its
/// details, streams, deadlines, metadata echo and size limits.
@Suite struct PythonPeerTests {
  @Test func fallsBackToV1alphaAndCallsEveryKind() async throws {
    try await withPeer(.python()) { peer in
      try await TestClients.with(peer.address) { client in
        let services = try await client.listServices()
        #expect(services.contains("peer.v1.Peer"))
        #expect(services.contains("grpc.reflection.v1alpha.ServerReflection"))

        // grpcio sends descriptors without json_name: the client derives it, and honours the explicit one.
        let echo = try await client.invoke(
          "peer.v1.Peer/Echo", json: #"{"text": "hi", "mood": "MOOD_HAPPY", "login": "ada", "numbers": [1, 2]}"#,
          metadata: ["x-trace": "abc"])
        let reply = try jsonObject(echo.json)
        #expect(reply["text"] as? String == "hi")
        #expect(reply["mood"] as? String == "MOOD_HAPPY")
        #expect(reply["login"] as? String == "ada")
        #expect(reply["numbers"] as? [Int] == [1, 2])
        #expect((reply["metadata"] as? [String: String])?["x-trace"] == "abc")
        #expect(reply["receivedAt"] is String)
        #expect(echo.headers["x-peer"] == "python")
        #expect(echo.trailers["x-peer-trailer"] == "done")

        let counted = try await client.serverStream("peer.v1.Peer/Count", json: #"{"count": 5}"#)
        #expect(try counted.json.map { try jsonObject($0)["n"] as? Int } == [1, 2, 3, 4, 5])

        let sum = try await client.clientStream(
          "peer.v1.Peer/Sum", requests: [#"{"value": "40"}"#, #"{"value": 2}"#])
        #expect(try jsonObject(sum.json)["total"] as? String == "42")

        let shout = try await client.bidiStream("peer.v1.Peer/Shout", requests: [#"{"text": "a"}"#, #"{"text": "b"}"#])
        #expect(try shout.json.map { try jsonObject($0)["text"] as? String } == ["A", "B"])
      }
    }
  }

  @Test func everyStatusCodeMapsWithItsDetails() async throws {
    try await withPeer(.python()) { peer in
      try await TestClients.with(peer.address) { client in
        for code in RPCStatusCode.allCodes.dropFirst() {
          let handler = RecordingHandler()
          let error = try await expectClientError {
            _ = try await client.invoke(
              "peer.v1.Peer/Fail", json: #"{"code": \#(code.rawValue), "message": "boom \#(code.name)"}"#,
              handler: handler)
          }
          #expect(error.code == .rpcFailed, "\(code)")
          #expect(error.status?.code == code)
          #expect(error.status?.message == "boom \(code.name)")
          #expect(error.exitCode == 64 + Int32(code.rawValue))
          guard case .trailers(let reported, _)? = handler.events.last else {
            Issue.record("\(code): no trailers event")
            continue
          }
          #expect(reported == code)
          let details = error.status?.details ?? []
          #expect(details.map(\.typeName) == ["google.rpc.ErrorInfo", "google.rpc.BadRequest"], "\(code)")
          if let info = details.first {
            let json = try jsonObject(info.json())
            #expect(json["@type"] as? String == "type.googleapis.com/google.rpc.ErrorInfo")
            #expect(json["domain"] as? String == "peer.reflectprobe")
            #expect((json["metadata"] as? [String: String])?["requested_code"] == String(code.rawValue))
          }
        }
        // The -format-error rendering: google.rpc.Status as JSON.
        let error = try await expectClientError {
          _ = try await client.invoke("peer.v1.Peer/Fail", json: #"{"code": 5, "reason": "GONE"}"#)
        }
        let status = try jsonObject(try #require(error.status).json())
        #expect(status["code"] as? Int == 5)
        let details = try #require(status["details"] as? [[String: Any]])
        #expect(details.first?["reason"] as? String == "GONE")
        let violations = details.last?["fieldViolations"] as? [[String: Any]]
        #expect(violations?.first?["field"] as? String == "code")
        #expect(error.description.contains("Code: NOT_FOUND"))
      }
    }
  }

  @Test func expiredDeadlineIsDeadlineExceeded() async throws {
    try await withPeer(.python()) { peer in
      try await TestClients.with(peer.address) { client in
        _ = try await client.method("peer.v1.Peer/Slow")  // reflection first, so only the call is timed
        let started = ContinuousClock.now
        let error = try await expectClientError {
          _ = try await client.invoke("peer.v1.Peer/Slow", json: #"{"delay": "30s"}"#, timeout: .milliseconds(300))
        }
        // Well before the server would answer (30 s): the deadline, not the server, ended the call.
        #expect(ContinuousClock.now - started < .seconds(15))
        #expect(error.code == .rpcFailed)
        #expect(error.status?.code == .deadlineExceeded)
        #expect(error.exitCode == 64 + 4)
        // The same method answers within a longer deadline.
        let ok = try await client.invoke("peer.v1.Peer/Slow", json: #"{"delay": "0.05s"}"#, timeout: .seconds(10))
        #expect(try jsonObject(ok.json)["slept"] is String)
      }
    }
  }

  @Test func oversizeResponseIsResponseTooLarge() async throws {
    try await withPeer(.python()) { peer in
      var options = TestClients.options
      options.maxReceiveMessageBytes = 1024
      try await TestClients.with(peer.address, options: options) { client in
        _ = try await client.invoke("peer.v1.Peer/Echo", json: #"{"text": "small"}"#)
        let big = String(repeating: "x", count: 4096)
        let error = try await expectClientError {
          _ = try await client.invoke("peer.v1.Peer/Echo", json: #"{"text": "\#(big)"}"#)
        }
        #expect(error.code == .responseTooLarge)
        #expect(error.status?.code == .resourceExhausted)
        #expect(error.exitCode == 64 + 8)
        #expect(error.message.contains("1024"))
      }
    }
  }

  @Test func noReflectionIsAClearError() async throws {
    try await withPeer(.python(["--no-reflection"])) { peer in
      try await TestClients.with(peer.address) { client in
        let error = try await expectClientError { _ = try await client.listServices() }
        #expect(error.code == .reflectionNotSupported)
        #expect(error.message.contains("does not support the reflection API"))
        #expect(error.message.contains("-protoset"))
        #expect(error.exitCode == 1)
      }
    }
  }
}

/// Reflection on a server that protects it with a request header (grpcurl `-reflect-header`).
@Suite struct ReflectionHeaderTests {
  @Test func reflectionHeadersReachTheServer() async throws {
    try await withPeer(.testServer(["--plaintext", "--reflection-header", "authorization=Bearer t0ken"])) { peer in
      try await TestClients.with(peer.address) { client in
        let error = try await expectClientError { _ = try await client.listServices() }
        #expect(error.code == .reflectionFailed, "\(error.message)")
        #expect(error.status?.code == .unauthenticated)
        #expect(error.exitCode == 1)
      }
      var options = TestClients.options
      options.reflectHeaders = ["authorization": "Bearer t0ken"]
      try await TestClients.with(peer.address, options: options) { client in
        let services = try await client.listServices()
        #expect(services.contains("grpc.health.v1.Health"))
        // Calls do not need the header: only reflection is protected.
        let status = try await client.healthCheck()
        #expect(status == .serving)
      }
    }
  }
}

/// The v1 → v1alpha fallback on each way a server can refuse v1.
@Suite struct ReflectionFallbackTests {
  @Test(arguments: [
    ["--v1-reject", "UNIMPLEMENTED"], ["--v1-reject", "UNIMPLEMENTED", "--after-headers"],
    ["--v1-reject", "UNAVAILABLE"], ["--v1-reject", "UNAVAILABLE", "--after-headers"],
  ])
  func fallsBackToV1alpha(refusal: [String]) async throws {
    try await withPeer(.testServer(["--plaintext"] + refusal)) { peer in
      try await TestClients.with(peer.address) { client in
        let services = try await client.listServices()
        #expect(services.contains("grpc.health.v1.Health"))
        #expect(services.contains("grpc.reflection.v1alpha.ServerReflection"))
        // Later lookups go straight to the version that worked (and keep working).
        let health = try await client.serviceDescriptor("grpc.health.v1.Health")
        #expect(health.method(named: "Check") != nil)
      }
    }
  }

  @Test func otherV1FailuresAreNotFallenBackFrom() async throws {
    try await withPeer(.testServer(["--plaintext", "--v1-reject", "PERMISSION_DENIED"])) { peer in
      try await TestClients.with(peer.address) { client in
        let error = try await expectClientError { _ = try await client.listServices() }
        #expect(error.code == .reflectionFailed)
        #expect(error.status?.code == .permissionDenied)
      }
    }
  }
}
