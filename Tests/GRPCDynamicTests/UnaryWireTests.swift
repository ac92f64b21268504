import DynamicProto
import Foundation
import Testing

@testable import GRPCDynamic

/// Unary calls against a real grpcio server (`Scripts/wire_server.py`), one method per part of the exchange the
/// lean HTTP/2 path (`UnaryConnection`) handles itself: metadata both ways (text and binary), a response larger
/// than the flow-control windows, a server that answers two messages or none, a percent-encoded status message, a
/// deadline that resets its stream while the connection goes on.
@Suite struct UnaryWireTests {
  /// `wire.Test`: every method BytesValue → BytesValue, all unary as far as the client knows.
  static func pool() throws -> DescriptorPool {
    try TestClients.servicePool(
      file: "wire/test.proto", package: "wire", importing: "google/protobuf/wrappers.proto", service: "Test",
      methods: ["Echo", "Big", "Twice", "Nothing", "Slow", "Status"], messageType: ".google.protobuf.BytesValue")
  }

  private func withWireClient(
    maxReceiveMessageBytes: Int = 4 << 20, _ body: (DynamicClient) async throws -> Void
  ) async throws {
    var options = TestClients.options
    options.descriptorSource = .files(ProtosetDescriptorSource(pool: try Self.pool()))
    options.maxReceiveMessageBytes = maxReceiveMessageBytes
    try await withPeer(.wireServer()) { peer in
      try await TestClients.with(peer.address, options: options, body)
    }
  }

  /// A JSON BytesValue: a base64 string.
  private static func json(_ bytes: [UInt8]) -> String { "\"\(Data(bytes).base64EncodedString())\"" }

  /// The bytes of a binary metadata value (base64, padded or not).
  private static func bytes(_ value: String?) -> [UInt8]? { value.flatMap(RPCMetadata.decodeBase64) }

  private static func value(_ metadata: RPCMetadata, _ name: String) -> String? {
    metadata.entries.first { $0.name == name }?.value
  }

  @Test func metadataBothWaysTextAndBinary() async throws {
    try await withWireClient { client in
      let sent = Data([0, 1, 2, 255]).base64EncodedString()
      let response = try await client.invoke(
        "wire.Test/Echo", json: Self.json(Array("hello".utf8)), metadata: ["x-text": "a b", "x-key-bin": sent])
      #expect(response.json == Self.json(Array("hello".utf8)))
      #expect(Self.value(response.headers, "x-text") == "a b")
      #expect(Self.bytes(Self.value(response.headers, "x-key-bin")) == [0, 1, 2, 255])
      #expect(Self.bytes(Self.value(response.trailers, "x-trailer-bin")) == [0, 1, 0xfe, 0xff])
      #expect(Self.value(response.trailers, "x-trailer") == "done")
      #expect(Self.value(response.trailers, "grpc-status") == nil, "the status is not metadata")
    }
  }

  @Test func responsesLargerThanTheWindowsOnOneConnection() async throws {
    // 6 MB each: past the stream window (4 MiB) within a call, past the connection window (16 MiB) across calls.
    try await withWireClient(maxReceiveMessageBytes: 16 << 20) { client in
      for _ in 0..<4 {
        let response = try await client.invoke("wire.Test/Big", json: Self.json(Array("6000000".utf8)))
        #expect(response.json.utf8.count == 8_000_002)
      }
    }
  }

  @Test func twoMessagesOrNoneForAUnaryCallAreErrors() async throws {
    try await withWireClient { client in
      let twice = try await expectClientError { _ = try await client.invoke("wire.Test/Twice", json: "\"\"") }
      #expect(twice.status?.code == .unimplemented, "\(twice.message)")
      #expect(twice.message.contains("Multiple messages received"), "\(twice.message)")
      let none = try await expectClientError { _ = try await client.invoke("wire.Test/Nothing", json: "\"\"") }
      #expect(none.status?.code == .unimplemented, "\(none.message)")
      #expect(none.message.contains("No messages received"), "\(none.message)")
      // The connection is still good.
      #expect(try await client.invoke("wire.Test/Echo", json: Self.json([7])).json == Self.json([7]))
    }
  }

  @Test func statusMessageIsPercentDecoded() async throws {
    try await withWireClient { client in
      let error = try await expectClientError { _ = try await client.invoke("wire.Test/Status", json: "\"\"") }
      #expect(error.status?.code == .failedPrecondition)
      #expect(error.status?.message == "café 100% 🚫 done", "\(error.message)")
    }
  }

  @Test func deadlineResetsTheStreamNotTheConnection() async throws {
    try await withWireClient { client in
      _ = try await client.invoke("wire.Test/Echo", json: Self.json([1]))
      let started = ContinuousClock.now
      let error = try await expectClientError {
        _ = try await client.invoke("wire.Test/Slow", json: Self.json(Array("3".utf8)), timeout: .milliseconds(300))
      }
      #expect(error.status?.code == .deadlineExceeded, "\(error.message)")
      #expect(ContinuousClock.now - started < .milliseconds(2500), "the deadline ends the call, not the server")
      // Many calls at once on the same connection afterwards.
      try await withThrowingTaskGroup(of: String.self) { group in
        for i in 0..<50 {
          group.addTask { try await client.invoke("wire.Test/Echo", json: Self.json([UInt8(i)])).json }
        }
        var answers = Set<String>()
        for try await answer in group { answers.insert(answer) }
        #expect(answers == Set((0..<50).map { Self.json([UInt8($0)]) }))
      }
    }
  }

  @Test func keepalivePingsDuringALongCallAreAnswered() async throws {
    var options = TestClients.options
    options.descriptorSource = .files(ProtosetDescriptorSource(pool: try Self.pool()))
    options.connection.keepalive = .init(time: .milliseconds(200), timeout: .seconds(2))
    try await withPeer(.wireServer()) { peer in
      try await TestClients.with(peer.address, options: options) { client in
        // Pings go out after 200 ms without a read; grpcio answers them and the call ends normally.
        let response = try await client.invoke("wire.Test/Slow", json: Self.json(Array("1".utf8)))
        #expect(response.json == Self.json(Array("late".utf8)))
      }
    }
  }

  @Test func unansweredKeepaliveClosesTheConnection() async throws {
    // An HTTP/2 server that sends its SETTINGS and then never answers anything, pings included.
    let script = """
      import socket, threading
      server = socket.socket()
      server.bind(("127.0.0.1", 0))
      server.listen(8)
      print(f"listening on 127.0.0.1:{server.getsockname()[1]}", flush=True)
      def serve(connection):
          connection.sendall(bytes([0, 0, 0, 4, 0, 0, 0, 0, 0]))
          while connection.recv(65536):
              pass
      while True:
          connection, _ = server.accept()
          threading.Thread(target=serve, args=(connection,), daemon=True).start()
      """
    let server = try PeerProcess.start(
      name: "mute HTTP/2", executable: try PeerProcess.pythonPath(), arguments: ["-c", script], graceful: false)
    var options = TestClients.options
    options.descriptorSource = .files(ProtosetDescriptorSource(pool: try Self.pool()))
    options.connection.keepalive = .init(time: .milliseconds(200), timeout: .milliseconds(300))
    try await withPeer(server) { peer in
      try await TestClients.with(peer.address, options: options) { client in
        let started = ContinuousClock.now
        let error = try await expectClientError {
          _ = try await client.invoke("wire.Test/Echo", json: "\"\"", timeout: .seconds(15))
        }
        #expect(error.status?.code == .unavailable, "\(error.message)")
        #expect(error.message.contains("keepalive"), "\(error.message)")
        #expect(ContinuousClock.now - started < .seconds(10), "the keepalive timeout, not the call's deadline")
      }
    }
  }
}
