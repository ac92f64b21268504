import DynamicProto
import Foundation
import GRPCDynamic
import SwiftProtobuf
import Testing

/// Protosets, .proto files through protoc, and reflection with a file fallback.
@Suite struct DescriptorSourceTests {
  @Test func serverWithoutReflectionWorksFromFiles() async throws {
    try await withPeer(.demo(["--reflection", "none"])) { peer in
      try await TestClients.with(peer.address) { client in
        let error = try await expectClientError { _ = try await client.listServices() }
        #expect(error.code == .reflectionNotSupported)
        #expect(error.message.contains("-protoset"))
        let invokeError = try await expectClientError { _ = try await client.invoke("api.users.UserService/GetUser") }
        #expect(invokeError.code == .reflectionNotSupported)
      }
      for selection in [
        DescriptorSourceSelection.files(try ProtosetDescriptorSource(protosetPaths: [DemoProtos.protosetPath])),
        .reflectionWithFallback(try DemoProtos.source()),
      ] {
        var options = TestClients.options
        options.descriptorSource = selection
        try await TestClients.with(peer.address, options: options) { client in
          let services = try await client.listServices()
          #expect(services == ["api.orders.OrderService", "api.products.ProductService", "api.users.UserService"])
          let user = try await client.invoke("api.users.UserService/GetUser", json: #"{"userId": 3}"#)
          #expect(try jsonObject(user.json)["userId"] as? String == "3")
          guard case .enumType(let role) = try await client.describe(symbol: "api.users.Role") else {
            Issue.record("api.users.Role is not an enum")
            return
          }
          #expect(role.values.map(\.name).contains("ROLE_ADMIN"))
        }
      }
    }
  }

  @Test func fallbackFillsWhatReflectionLacks() async throws {
    // The demo reflects its services; a protoset adds a type the server does not describe.
    var extra = Google_Protobuf_FileDescriptorProto()
    extra.name = "extra/extra.proto"
    extra.package = "extra"
    extra.syntax = "proto3"
    var message = Google_Protobuf_DescriptorProto()
    message.name = "Note"
    extra.messageType = [message]
    let files = ProtosetDescriptorSource(pool: try DescriptorPool(files: [extra]))
    try await withPeer(.demo()) { peer in
      var options = TestClients.options
      options.descriptorSource = .reflectionWithFallback(files)
      try await TestClients.with(peer.address, options: options) { client in
        guard case .message(let note) = try await client.describe(symbol: "extra.Note") else {
          Issue.record("extra.Note not found through the fallback")
          return
        }
        #expect(note.fullName == "extra.Note")
        guard case .message = try await client.describe(symbol: "api.users.User") else {
          Issue.record("api.users.User not found through reflection")
          return
        }
        let services = try await client.listServices()
        #expect(services.contains("api.users.UserService"))
      }
    }
  }

  @Test func protoFilesCompileWithProtoc() throws {
    let source = try DemoProtos.source()
    #expect(source.pool.service(named: "api.orders.OrderService") != nil)
    #expect(source.pool.message(named: "google.protobuf.Timestamp") != nil)
  }

  @Test func protocProblemsAreClearErrors() throws {
    #expect {
      _ = try ProtosetDescriptorSource(protoFiles: ["x.proto"], protoc: "/nonexistent/protoc")
    } throws: { error in
      (error as? DynamicClientError)?.code == .protocUnavailable
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bad-proto-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("bad.proto").path
    try "syntax = \"proto3\";\nmessage Broken { strin name = 1; }\n".write(
      toFile: file, atomically: true, encoding: .utf8)
    do {
      _ = try ProtosetDescriptorSource(protoFiles: [file])
      Issue.record("a broken .proto compiled")
    } catch {
      #expect(error.code == .descriptorSourceFailed)
      #expect(error.message.contains("bad.proto"), "\(error.message)")
    }
  }

  @Test func unreadableProtosetIsAClearError() throws {
    do {
      _ = try ProtosetDescriptorSource(protosetPaths: ["/nonexistent/x.protoset"])
      Issue.record("loaded a missing protoset")
    } catch {
      #expect(error.code == .descriptorSourceFailed)
      #expect(error.message.contains("/nonexistent/x.protoset"))
    }
  }

  @Test func extensionsOfATypeWithoutAny() async throws {
    try await withPeer(.demo()) { peer in
      try await TestClients.with(peer.address) { client in
        let extensions = try await client.extensions(of: "api.users.User")
        #expect(extensions.isEmpty)
      }
    }
  }

  @Test func describeFieldsAndEnumValuesThroughReflection() async throws {
    try await withPeer(.demo()) { peer in
      try await TestClients.with(peer.address) { client in
        guard case .field(let field) = try await client.describe(symbol: "api.users.User.email") else {
          Issue.record("api.users.User.email is not a field")
          return
        }
        #expect(field.number == 2)
        guard case .enumValue(let value) = try await client.describe(symbol: "api.users.ROLE_ADMIN") else {
          Issue.record("api.users.ROLE_ADMIN is not an enum value")
          return
        }
        #expect(value.number == 2)
        let missing = try await expectClientError { _ = try await client.describe(symbol: "api.users.Nope") }
        #expect(missing.code == .symbolNotFound)
      }
    }
  }
}
