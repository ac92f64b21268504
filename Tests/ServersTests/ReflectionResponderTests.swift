import DemoServices
import Foundation
import SwiftProtobuf
import Testing

@testable import ReflectionService

/// The reflection logic in process (no server): per-stream dependency tracking and error answers.
@Suite("Reflection responder")
struct ReflectionResponderTests {
  static func responder(sendDependencies: Bool = true) throws -> ReflectionResponder {
    let data = try #require(Data(base64Encoded: DemoDescriptors.fileDescriptorSetBase64, options: .ignoreUnknownCharacters))
    let demo = try Google_Protobuf_FileDescriptorSet(serializedBytes: data).file
    let service = try ReflectionService(
      files: demo + StandardDescriptors.files + [DemoAdminService.fileDescriptor], serviceNames: ["b", "a", "a"],
      options: .init(sendDependencies: sendDependencies))
    return service.responder
  }

  func names(_ response: ReflectionResponder.Response) throws -> [String] {
    try response.fileDescriptorResponse.fileDescriptorProto.map { try Google_Protobuf_FileDescriptorProto(serializedBytes: $0).name }
  }

  @Test("breadth-first dependencies, each sent once per stream; the requested file always")
  func dependencies() throws {
    let responder = try Self.responder()
    var sent: Set<String> = []
    let first = responder.respond(to: .with { $0.fileContainingSymbol = "api.orders.Order" }, sentFiles: &sent)
    #expect(
      try names(first) == [
        "api/orders/orders.proto", "api/products/products.proto", "google/protobuf/timestamp.proto",
        "google/protobuf/wrappers.proto",
      ])
    let second = responder.respond(to: .with { $0.fileByFilename = "api/users/users.proto" }, sentFiles: &sent)
    #expect(try names(second) == ["api/users/users.proto", "google/protobuf/field_mask.proto"])
    let third = responder.respond(to: .with { $0.fileByFilename = "google/protobuf/timestamp.proto" }, sentFiles: &sent)
    #expect(try names(third) == ["google/protobuf/timestamp.proto"])
  }

  @Test("sendDependencies false: the file alone")
  func selfOnly() throws {
    let responder = try Self.responder(sendDependencies: false)
    var sent: Set<String> = []
    let response = responder.respond(to: .with { $0.fileContainingSymbol = "api.orders.OrderService" }, sentFiles: &sent)
    #expect(try names(response) == ["api/orders/orders.proto"])
  }

  @Test("list_services sorted and de-duplicated; empty request → INVALID_ARGUMENT; host echoed")
  func listAndErrors() throws {
    let responder = try Self.responder()
    var sent: Set<String> = []
    let list = responder.respond(to: .with { $0.listServices = "*"; $0.host = "x" }, sentFiles: &sent)
    #expect(list.listServicesResponse.service.map(\.name) == ["a", "b"])
    #expect(list.validHost == "x")
    let empty = responder.respond(to: .init(), sentFiles: &sent)
    #expect(empty.errorResponse.errorCode == 3)
    let unknown = responder.respond(to: .with { $0.fileContainingSymbol = "google.protobuf" }, sentFiles: &sent)
    #expect(unknown.errorResponse.errorCode == 5)
    #expect(sent.isEmpty)
  }
}
