import DynamicProto
import GRPCDynamic
import Testing

/// Unary and streaming calls with JSON, metadata, events, against the demo server.
@Suite struct InvokeTests {
  @Test func unaryWithoutMetadata() async throws {
    try await withPeer(.demo()) { peer in
      try await TestClients.with(peer.address) { client in
        let response = try await client.invoke("api.users.UserService/GetUser", json: #"{"userId": "1"}"#)
        let user = try jsonObject(response.json)
        #expect(user["userId"] as? String == "1")
        #expect(response.status == .ok)
        #expect(response.message.descriptor.fullName == "api.users.User")
        // The dotted spelling and the service/method form reach the same method.
        let dotted = try await client.invoke("api.users.UserService.GetUser", json: #"{"userId": 1}"#)
        #expect(dotted.json == response.json)
        let split = try await client.invoke(
          service: "api.users.UserService", method: "GetUser", json: #"{"userId": 1}"#)
        #expect(split.json == response.json)
      }
    }
  }

  @Test func unaryWithMetadataHeadersAndTrailers() async throws {
    try await withPeer(.demo()) { peer in
      try await TestClients.with(peer.address) { client in
        let handler = RecordingHandler()
        let response = try await client.invoke(
          "api.users.UserService/UpdateProfile",
          json: #"{"userId": "2", "profile": {"displayName": "Grace"}, "fieldMask": "displayName"}"#,
          metadata: ["x-api-key": "demo-key"], handler: handler)
        let user = try jsonObject(response.json)
        #expect((user["profile"] as? [String: Any])?["displayName"] as? String == "Grace")
        #expect(response.headers["x-demo-server"] == "reflectprobe-demo")
        #expect(response.trailers["x-updated-fields"] == "display_name")
        // Events in grpcurl's order.
        let events = handler.events
        #expect(events.first == .resolve("api.users.UserService.UpdateProfile"))
        #expect(events.dropFirst().first == .sendHeaders(["x-api-key": "demo-key"]))
        guard case .receiveHeaders(let headers)? = events.dropFirst(2).first else {
          Issue.record("no response headers event: \(events)")
          return
        }
        #expect(headers["x-demo-server"] == "reflectprobe-demo")
        #expect(handler.responses.count == 1)
        guard case .trailers(let code, let trailers)? = events.last else {
          Issue.record("trailers are not the last event: \(events)")
          return
        }
        #expect(code == .ok)
        #expect(trailers["x-updated-fields"] == "display_name")
      }
    }
  }

  @Test func missingOrWrongMetadataMapsToAuthStatuses() async throws {
    try await withPeer(.demo()) { peer in
      try await TestClients.with(peer.address) { client in
        let json = #"{"userId": "2", "profile": {"displayName": "X"}}"#
        let missing = try await expectClientError {
          _ = try await client.invoke("api.users.UserService/UpdateProfile", json: json)
        }
        #expect(missing.code == .rpcFailed)
        #expect(missing.status?.code == .unauthenticated)
        #expect(missing.exitCode == 64 + 16)
        let wrong = try await expectClientError {
          _ = try await client.invoke("api.users.UserService/UpdateProfile", json: json, metadata: ["x-api-key": "no"])
        }
        #expect(wrong.status?.code == .permissionDenied)
        #expect(wrong.exitCode == 64 + 7)
      }
    }
  }

  @Test func serverStreaming() async throws {
    try await withPeer(.demo()) { peer in
      try await TestClients.with(peer.address) { client in
        let all = try await client.serverStream("api.users.UserService/ListUsers", json: "{}")
        #expect(all.json.count >= 3)
        let ids = try all.json.map { try jsonObject($0)["userId"] as? String }
        #expect(ids.prefix(3) == ["1", "2", "3"])
        let capped = try await client.serverStream("api.users.UserService/ListUsers", json: #"{"pageSize": 2}"#)
        #expect(capped.json.count == 2)

        let handler = RecordingHandler()
        let summary = try await client.call(
          "api.users.UserService/ListUsers", requests: [#"{"pageSize": 1}"#], handler: handler)
        #expect(summary.responseCount == 1)
        #expect(handler.responses.count == 1)
      }
    }
  }

  @Test func clientStreaming() async throws {
    try await withPeer(.demo()) { peer in
      try await TestClients.with(peer.address) { client in
        let response = try await client.clientStream(
          "api.users.UserService/CreateUsers",
          requests: [#"{"email": "a@example.com"}"#, #"{"email": "b@example.com"}"#])
        let object = try jsonObject(response.json)
        #expect(object["created"] as? Int == 2)
        #expect((object["userIds"] as? [String])?.count == 2)
      }
    }
  }

  @Test func bidiStreamingSendsAsTheSequenceYields() async throws {
    try await withPeer(.demo()) { peer in
      try await TestClients.with(peer.address) { client in
        let collected = try await client.bidiStream(
          "api.users.UserService/Chat", requests: [#"{"text": "hi"}"#, #"{"text": "there"}"#])
        #expect(try collected.json.map { try jsonObject($0)["text"] as? String } == ["echo: hi", "echo: there"])

        let (requests, continuation) = AsyncStream<String>.makeStream()
        let handler = RecordingHandler()
        async let summary = client.bidiStream("api.users.UserService/Chat", requests: requests, handler: handler)
        continuation.yield(#"{"text": "one"}"#)
        // The first answer arrives before the stream of requests ends: a real conversation.
        let deadline = ContinuousClock.now + .seconds(10)
        while handler.responses.isEmpty && ContinuousClock.now < deadline {
          try await Task.sleep(for: .milliseconds(10))
        }
        #expect(handler.responses.count == 1)
        continuation.yield(#"{"text": "two"}"#)
        continuation.finish()
        #expect(try await summary.responseCount == 2)
      }
    }
  }

  @Test func badRequestJSONCarriesThePath() async throws {
    try await withPeer(.demo()) { peer in
      try await TestClients.with(peer.address) { client in
        let malformed = try await expectClientError {
          _ = try await client.invoke("api.users.UserService/GetUser", json: #"{"userId": "#)
        }
        #expect(malformed.code == .invalidRequest)
        #expect(malformed.exitCode == 1)
        let wrongType = try await expectClientError {
          _ = try await client.invoke("api.users.UserService/GetUser", json: #"{"userId": "abc"}"#)
        }
        #expect(wrongType.code == .invalidRequest)
        #expect(wrongType.path == "$.userId")
        let unknown = try await expectClientError {
          _ = try await client.invoke("api.users.UserService/GetUser", json: #"{"nope": 1}"#)
        }
        #expect(unknown.code == .invalidRequest)
        // In a stream, the second message is the bad one.
        let inStream = try await expectClientError {
          _ = try await client.clientStream(
            "api.users.UserService/CreateUsers", requests: [#"{"email": "ok@example.com"}"#, #"{"email": 5}"#])
        }
        #expect(inStream.code == .invalidRequest)
        #expect(inStream.path == "$.email")
      }
    }
  }

  @Test func allowUnknownFieldsAndEmitDefaults() async throws {
    try await withPeer(.demo()) { peer in
      var options = TestClients.options
      options.json = JSONOptions(emitDefaults: true, allowUnknownFields: true, indent: nil)
      try await TestClients.with(peer.address, options: options) { client in
        let response = try await client.invoke(
          "api.products.ProductService/GetProduct", json: #"{"sku": "SKU-003", "extra": true}"#)
        // Compact, with defaults: the empty attributes map is printed.
        #expect(!response.json.contains("\n"))
        let product = try jsonObject(response.json)
        #expect(product["sku"] as? String == "SKU-003")
        #expect(product["attributes"] as? [String: String] == [:])
      }
    }
  }

  @Test func keepaliveAuthorityAndLimitsAreAccepted() async throws {
    try await withPeer(.demo()) { peer in
      var options = TestClients.options
      options.connection.keepalive = .init(time: .seconds(10), timeout: .seconds(5), permitWithoutCalls: true)
      options.connection.authority = "demo.internal"
      options.maxReceiveMessageBytes = 64 << 20
      try await TestClients.with(peer.address, options: options) { client in
        let response = try await client.invoke("api.users.UserService/GetUser", json: #"{"userId": 1}"#)
        #expect(try jsonObject(response.json)["userId"] as? String == "1")
      }
    }
  }

  @Test func unknownServiceAndMethod() async throws {
    try await withPeer(.demo()) { peer in
      try await TestClients.with(peer.address) { client in
        let service = try await expectClientError { _ = try await client.invoke("api.nope.Service/Get") }
        #expect(service.code == .serviceNotFound)
        #expect(service.exitCode == 1)
        let method = try await expectClientError { _ = try await client.invoke("api.users.UserService/Nope") }
        #expect(method.code == .methodNotFound)
        #expect(method.message.contains("GetUser"))
        let badName = try await expectClientError { _ = try await client.invoke("NoSeparator") }
        #expect(badName.code == .invalidArgument)
        let streaming = try await expectClientError { _ = try await client.invoke("api.users.UserService/Chat") }
        #expect(streaming.code == .invalidArgument)
      }
    }
  }
}

/// Responses as an async sequence.
@Suite struct ResponseStreamTests {
  @Test func serverStreamAsSequence() async throws {
    try await withPeer(.demo()) { peer in
      try await TestClients.with(peer.address) { client in
        let ids = try await client.withResponses("api.users.UserService/ListUsers", json: #"{"pageSize": 3}"#) {
          responses in
          var ids: [String] = []
          for try await response in responses { ids.append(try jsonObject(response.json)["userId"] as? String ?? "") }
          return ids
        }
        #expect(ids == ["1", "2", "3"])
        // Leaving early cancels the call; a failing call throws from the sequence.
        let first = try await client.withResponses("api.users.UserService/ListUsers") { responses in
          var iterator = responses.makeAsyncIterator()
          return try await iterator.next()?.json
        }
        #expect(first != nil)
        let error = try await expectClientError {
          _ = try await client.withResponses("api.users.UserService/ListUsers", json: #"{"pageSize": -1}"#) {
            responses in
            for try await _ in responses {}
          }
        }
        #expect(error.status?.code == .invalidArgument)
      }
    }
  }
}
