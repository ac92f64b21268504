import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtos
import SwiftProtobuf
import Testing

/// Reflection as served by the demo binary, over a real process and connection.
@Suite("Demo server reflection")
struct DemoReflectionTests {
  static let ordersClosure = [
    "api/orders/orders.proto", "api/products/products.proto", "google/protobuf/timestamp.proto",
    "google/protobuf/wrappers.proto",
  ]

  @Test("list_services on v1 and v1alpha names every service, host echoed")
  func listServices() async throws {
    try await TestEnvironment.withDemo { server in
      try await TestEnvironment.withClient(server) { client in
        for version in [ReflectionCalls.Version.v1, .v1alpha] {
          let responses = try await ReflectionCalls.exchange(client, version, [ReflectionCalls.listServices(host: "h")])
          #expect(responses.count == 1)
          let names = responses[0].listServicesResponse.service.map(\.name)
          #expect(
            names == [
              "api.orders.OrderService", "api.products.ProductService", "api.users.UserService",
              "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
              "grpc.reflection.v1alpha.ServerReflection", "reflectprobe.demo.Admin",
            ])
          #expect(responses[0].validHost == "h")
          #expect(responses[0].originalRequest.listServices == "")
          #expect(responses[0].originalRequest.host == "h")
        }
      }
    }
  }

  @Test("file_containing_symbol sends the file, then only dependencies not sent yet on the stream")
  func dependenciesOncePerStream() async throws {
    try await TestEnvironment.withDemo { server in
      try await TestEnvironment.withClient(server) { client in
        let responses = try await ReflectionCalls.exchange(
          client, .v1,
          [
            ReflectionCalls.symbol("api.orders.OrderService"), ReflectionCalls.symbol("api.products.Product"),
            ReflectionCalls.symbol("api.orders.OrderService"),
          ])
        #expect(responses.count == 3)
        let first = try ReflectionCalls.fileNames(responses[0])
        #expect(first.first == "api/orders/orders.proto")
        #expect(Set(first) == Set(Self.ordersClosure))
        #expect(first.count == Self.ordersClosure.count)
        #expect(try ReflectionCalls.fileNames(responses[1]) == ["api/products/products.proto"])
        #expect(try ReflectionCalls.fileNames(responses[2]) == ["api/orders/orders.proto"])
        // A new stream starts afresh.
        let again = try await ReflectionCalls.exchange(client, .v1alpha, [ReflectionCalls.symbol("api.products.Product")])
        #expect(
          Set(try ReflectionCalls.fileNames(again[0]))
            == ["api/products/products.proto", "google/protobuf/wrappers.proto"])
      }
    }
  }

  @Test("--reflection-deps self answers with the file alone")
  func selfOnly() async throws {
    try await TestEnvironment.withDemo(["--reflection-deps", "self"]) { server in
      try await TestEnvironment.withClient(server) { client in
        let responses = try await ReflectionCalls.exchange(
          client, .v1, [ReflectionCalls.symbol("api.orders.OrderService"), ReflectionCalls.file("api/users/users.proto")])
        #expect(try ReflectionCalls.fileNames(responses[0]) == ["api/orders/orders.proto"])
        #expect(try ReflectionCalls.fileNames(responses[1]) == ["api/users/users.proto"])
      }
    }
  }

  @Test("every kind of symbol resolves to its file; unknown names get NOT_FOUND with the request echoed")
  func symbols() async throws {
    try await TestEnvironment.withDemo(["--reflection-deps", "self"]) { server in
      try await TestEnvironment.withClient(server) { client in
        let cases: [(String, String)] = [
          ("api.users.UserService", "api/users/users.proto"),
          ("api.users.UserService.GetUser", "api/users/users.proto"),
          ("api.users.User", "api/users/users.proto"),
          ("api.users.User.email", "api/users/users.proto"),
          ("api.users.User.LabelsEntry", "api/users/users.proto"),
          ("api.users.Role", "api/users/users.proto"),
          ("api.users.ROLE_ADMIN", "api/users/users.proto"),
          (".api.orders.OrderEvent", "api/orders/orders.proto"),
          ("google.protobuf.Timestamp", "google/protobuf/timestamp.proto"),
          ("grpc.health.v1.Health", "grpc/health/v1/health.proto"),
          ("grpc.reflection.v1alpha.ServerReflection", "grpc/reflection/v1alpha/reflection.proto"),
          ("reflectprobe.demo.Admin.Stats", "reflectprobe/demo/admin.proto"),
        ]
        let responses = try await ReflectionCalls.exchange(client, .v1, cases.map { ReflectionCalls.symbol($0.0) })
        for (response, (symbol, file)) in zip(responses, cases) {
          #expect(try ReflectionCalls.fileNames(response) == [file], "\(symbol)")
          #expect(response.originalRequest.fileContainingSymbol == symbol)
        }
        let missing = try await ReflectionCalls.exchange(
          client, .v1alpha,
          [
            ReflectionCalls.symbol("api.users.Nope"), ReflectionCalls.symbol("api.users"),
            ReflectionCalls.file("nope.proto"),
            .with { $0.fileContainingExtension = .with { $0.containingType = "api.users.User"; $0.extensionNumber = 100 } },
            .with { $0.allExtensionNumbersOfType = "api.users.Nope" },
          ])
        #expect(missing.count == 5)
        for response in missing {
          #expect(response.errorResponse.errorCode == 5)
          #expect(!response.errorResponse.errorMessage.isEmpty)
        }
        #expect(missing[0].originalRequest.fileContainingSymbol == "api.users.Nope")
        #expect(missing[2].originalRequest.fileByFilename == "nope.proto")
      }
    }
  }

  @Test("the admin service's descriptor and all_extension_numbers_of_type")
  func adminFileAndExtensions() async throws {
    try await TestEnvironment.withDemo { server in
      try await TestEnvironment.withClient(server) { client in
        let responses = try await ReflectionCalls.exchange(
          client, .v1,
          [ReflectionCalls.file("reflectprobe/demo/admin.proto"), .with { $0.allExtensionNumbersOfType = "api.users.User" }])
        let files = try ReflectionCalls.files(responses[0])
        #expect(files.map(\.name) == ["reflectprobe/demo/admin.proto", "google/protobuf/struct.proto"])
        #expect(files[0].service.first?.method.map(\.name) == ["SetHealth", "Stats"])
        #expect(responses[1].allExtensionNumbersResponse.baseTypeName == "api.users.User")
        #expect(responses[1].allExtensionNumbersResponse.extensionNumber == [])
      }
    }
  }

  @Test("--reflection none: both versions UNIMPLEMENTED; --reflection v1alpha: v1 UNIMPLEMENTED")
  func versionsServed() async throws {
    try await TestEnvironment.withDemo(["--reflection", "none"]) { server in
      try await TestEnvironment.withClient(server) { client in
        for version in [ReflectionCalls.Version.v1, .v1alpha] {
          let isUnimplemented = try await unimplemented(client, version)
          #expect(isUnimplemented, "\(version)")
        }
      }
    }
    try await TestEnvironment.withDemo(["--reflection", "v1alpha"]) { server in
      try await TestEnvironment.withClient(server) { client in
        let v1Unimplemented = try await unimplemented(client, .v1)
        #expect(v1Unimplemented)
        let names = try await ReflectionCalls.exchange(client, .v1alpha, [ReflectionCalls.listServices()])[0]
          .listServicesResponse.service.map(\.name)
        #expect(names.contains("grpc.reflection.v1alpha.ServerReflection"))
        #expect(!names.contains("grpc.reflection.v1.ServerReflection"))
      }
    }
  }

  @Test("Stats counts reflection streams opened (server-side view of client caching)")
  func streamCounter() async throws {
    try await TestEnvironment.withDemo { server in
      #expect(try await AdminCalls.stats(server)["reflectionStreams"] == 0)
      try await TestEnvironment.withClient(server) { client in
        _ = try await ReflectionCalls.exchange(client, .v1, [ReflectionCalls.listServices()])
        _ = try await ReflectionCalls.exchange(
          client, .v1alpha, [ReflectionCalls.listServices(), ReflectionCalls.symbol("api.users.User")])
      }
      let stats = try await AdminCalls.stats(server)
      #expect(stats["reflectionStreams"] == 2)
      #expect(stats["reflectionRequests"] == 3)
      #expect(stats["activeReflectionStreams"] == 0)
    }
  }

  /// True when the version's stream fails with UNIMPLEMENTED.
  func unimplemented(
    _ client: GRPCClient<HTTP2ClientTransport.Posix>, _ version: ReflectionCalls.Version
  ) async throws -> Bool {
    do {
      _ = try await ReflectionCalls.exchange(client, version, [ReflectionCalls.listServices()])
      return false
    } catch let error as RPCError {
      return error.code == .unimplemented
    }
  }
}
