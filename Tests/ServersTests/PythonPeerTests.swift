import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import GRPCProtos
import SwiftProtobuf
import Testing

/// The Python grpcio peer (Tests/Scripts/grpc_peer_server.py) as the dynamic client will meet it.
/// Needs the venv (`make venv`) or `REFLECTPROBE_PYTHON`: a missing one fails these tests.
@Suite("Python grpcio peer")
struct PythonPeerTests {
  @Test("the venv's python exists")
  func pythonPresent() {
    #expect(
      FileManager.default.isExecutableFile(atPath: TestEnvironment.python.path),
      "no python at \(TestEnvironment.python.path): run `make venv` or set REFLECTPROBE_PYTHON")
  }

  @Test("reflection: v1alpha served (with dependencies, default json_name stripped), v1 UNIMPLEMENTED")
  func reflection() async throws {
    try await TestEnvironment.withPeer { server in
      try await TestEnvironment.withClient(server) { client in
        let responses = try await ReflectionCalls.exchange(
          client, .v1alpha,
          [ReflectionCalls.listServices(), ReflectionCalls.symbol("peer.v1.Peer"), ReflectionCalls.symbol("peer.v1.Nope")])
        #expect(
          responses[0].listServicesResponse.service.map(\.name) == [
            "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection", "peer.v1.Peer", "peer.v1.PeerAdmin",
          ])
        let files = try ReflectionCalls.files(responses[1])
        #expect(files.first?.name == "peer.proto")
        #expect(Set(files.map(\.name)) == ["peer.proto", "google/protobuf/duration.proto", "google/protobuf/timestamp.proto"])
        let echo = files.first?.messageType.first { $0.name == "EchoRequest" }
        #expect(echo?.field.map(\.jsonName) == ["", "", "login", ""])
        #expect(responses[2].errorResponse.errorCode == 5)
        // grpcio quirks a client must live with: methods are not symbols there, health's file has its own name.
        let quirks = try await ReflectionCalls.exchange(
          client, .v1alpha, [ReflectionCalls.symbol("peer.v1.Peer.Echo"), ReflectionCalls.symbol("grpc.health.v1.Health")])
        #expect(quirks[0].errorResponse.errorCode == 5)
        #expect(try ReflectionCalls.fileNames(quirks[1]) == ["grpc_health/v1/health.proto"])
        do {
          _ = try await ReflectionCalls.exchange(client, .v1, [ReflectionCalls.listServices()])
          Issue.record("v1 reflection answered")
        } catch let error as RPCError {
          #expect(error.code == .unimplemented)
        }
      }
    }
  }

  @Test("--no-reflection: v1alpha UNIMPLEMENTED too")
  func noReflection() async throws {
    try await TestEnvironment.withPeer(["--no-reflection"]) { server in
      try await TestEnvironment.withClient(server) { client in
        do {
          _ = try await ReflectionCalls.exchange(client, .v1alpha, [ReflectionCalls.listServices()])
          Issue.record("v1alpha reflection answered")
        } catch let error as RPCError {
          #expect(error.code == .unimplemented)
        }
      }
    }
  }

  @Test("health: Check, and PeerAdmin.SetHealth flips it")
  func health() async throws {
    try await TestEnvironment.withPeer { server in
      try await TestEnvironment.withClient(server) { client in
        let health = Grpc_Health_V1_Health.Client(wrapping: client)
        let check = { @Sendable (service: String) in
          try await health.check(.with { $0.service = service }, options: TestEnvironment.options()).status
        }
        #expect(try await check("") == .serving)
        #expect(try await check("peer.v1.Peer") == .serving)
        let reply = try await client.unary(
          request: ClientRequest(message: Wire.strings([(1, "peer.v1.Peer"), (2, "not_serving")])),
          descriptor: MethodDescriptor(fullyQualifiedService: "peer.v1.PeerAdmin", method: "SetHealth"),
          serializer: RawSerializer(), deserializer: RawDeserializer(), options: TestEnvironment.options()
        ) { try $0.message }
        #expect(reply == Wire.strings([(1, "peer.v1.Peer"), (2, "NOT_SERVING")]))
        #expect(try await check("peer.v1.Peer") == .notServing)
      }
    }
  }

  @Test("Fail carries google.rpc.Status details; Echo echoes x- metadata with header and trailer")
  func errorsAndMetadata() async throws {
    try await TestEnvironment.withPeer { server in
      try await TestEnvironment.withClient(server) { client in
        // FailRequest{code = 9 (FAILED_PRECONDITION), message = "boom", reason = "R"}
        let fail: [UInt8] = [0x08, 9] + Wire.strings([(2, "boom"), (3, "R")])
        do {
          _ = try await client.unary(
            request: ClientRequest(message: fail),
            descriptor: MethodDescriptor(fullyQualifiedService: "peer.v1.Peer", method: "Fail"),
            serializer: RawSerializer(), deserializer: RawDeserializer(), options: TestEnvironment.options()
          ) { try $0.message }
          Issue.record("Fail succeeded")
        } catch let error as RPCError {
          #expect(error.code == .failedPrecondition)
          #expect(error.message == "boom")
          let status = try error.unpackGoogleRPCStatus()
          #expect(status?.details.first?.errorInfo?.reason == "R")
          #expect(status?.details.dropFirst().first?.badRequest?.violations.first?.field == "code")
        }
        let (header, trailer) = try await client.unary(
          request: ClientRequest(message: Wire.strings([(1, "hi")]), metadata: ["x-trace": "t1", "other": "o"]),
          descriptor: MethodDescriptor(fullyQualifiedService: "peer.v1.Peer", method: "Echo"),
          serializer: RawSerializer(), deserializer: RawDeserializer(), options: TestEnvironment.options()
        ) { response in
          let message = try response.message
          // field 5: map entry {key "x-trace", value "t1"}
          let entry = Wire.strings([(1, "x-trace"), (2, "t1")])
          #expect(message.starts(with: Wire.strings([(1, "hi")]) + [0x2A, UInt8(entry.count)] + entry))
          return (response.metadata, response.trailingMetadata)
        }
        #expect(Array(header[stringValues: "x-peer"]) == ["python"])
        #expect(Array(trailer[stringValues: "x-peer-trailer"]) == ["done"])
      }
    }
  }

  @Test("Count, Sum and Shout stream; Slow runs into the call's deadline")
  func streamingAndDeadline() async throws {
    try await TestEnvironment.withPeer { server in
      try await TestEnvironment.withClient(server) { client in
        func method(_ name: String) -> MethodDescriptor {
          MethodDescriptor(fullyQualifiedService: "peer.v1.Peer", method: name)
        }
        let counted = try await client.serverStreaming(
          request: ClientRequest(message: [0x08, 3, 0x10, 5]), descriptor: method("Count"),
          serializer: RawSerializer(), deserializer: RawDeserializer(), options: TestEnvironment.options()
        ) { response in
          var replies: [[UInt8]] = []
          for try await message in response.messages where replies.count < 100 { replies.append(message) }
          return replies
        }
        #expect(counted == [[0x08, 1], [0x08, 2], [0x08, 3]])

        let sum = try await client.clientStreaming(
          request: StreamingClientRequest(of: [UInt8].self) { writer in
            for value: UInt8 in [2, 3, 4] { try await writer.write([0x08, value]) }
          },
          descriptor: method("Sum"), serializer: RawSerializer(), deserializer: RawDeserializer(),
          options: TestEnvironment.options()
        ) { try $0.message }
        #expect(sum == [0x08, 9, 0x10, 3])

        let shouted = try await client.bidirectionalStreaming(
          request: StreamingClientRequest(of: [UInt8].self) { writer in
            for text in ["a", "bc"] { try await writer.write(Wire.strings([(1, text)])) }
          },
          descriptor: method("Shout"), serializer: RawSerializer(), deserializer: RawDeserializer(),
          options: TestEnvironment.options()
        ) { response in
          var replies: [[UInt8]] = []
          for try await message in response.messages where replies.count < 100 { replies.append(message) }
          return replies
        }
        #expect(shouted == [Wire.strings([(1, "A")]), Wire.strings([(1, "BC")])])

        let started = ContinuousClock.now
        do {
          // SlowRequest{delay: Duration{seconds: 25}}
          _ = try await client.unary(
            request: ClientRequest(message: [0x0A, 2, 0x08, 25]), descriptor: method("Slow"),
            serializer: RawSerializer(), deserializer: RawDeserializer(),
            options: TestEnvironment.options(.milliseconds(300))
          ) { try $0.message }
          Issue.record("Slow finished inside a 300 ms deadline")
        } catch let error as RPCError {
          #expect(error.code == .deadlineExceeded)
        }
        // Well before the server would answer: the deadline, not the server, ended the call.
        #expect(ContinuousClock.now - started < .seconds(15))
      }
    }
  }
}
