import DynamicProto
import GRPCDynamic
import Testing

/// list / describe / service descriptors, against every kind of server and descriptor source.
@Suite struct DiscoveryTests {
  /// The servers and how they serve reflection.
  enum Server: String, CaseIterable, CustomTestStringConvertible {
    case demoBoth, demoV1Only, demoV1alphaOnly, demoSelfDeps
    var testDescription: String { rawValue }

    func start() throws -> PeerProcess {
      switch self {
      case .demoBoth: try .demo()
      case .demoV1Only: try .demo(["--reflection", "v1"])
      case .demoV1alphaOnly: try .demo(["--reflection", "v1alpha"])
      case .demoSelfDeps: try .demo(["--reflection-deps", "self"])
      }
    }
  }

  @Test(arguments: Server.allCases)
  func listsAndDescribesTheDemo(server: Server) async throws {
    try await withPeer(server.start()) { peer in
      try await TestClients.with(peer.address) { client in
        let services = try await client.listServices()
        #expect(services.contains("api.users.UserService"))
        #expect(services.contains("api.orders.OrderService"))
        #expect(services.contains("grpc.health.v1.Health"))
        #expect(services == services.sorted())

        let users = try await client.serviceDescriptor("api.users.UserService")
        let kinds = Dictionary(uniqueKeysWithValues: users.methods.map { ($0.name, $0.streamingKind) })
        #expect(kinds["GetUser"] == "unary")
        #expect(kinds["ListUsers"] == "server_streaming")
        #expect(kinds["CreateUsers"] == "client_streaming")
        #expect(kinds["Chat"] == "bidi_streaming")
        let getUser = try #require(users.method(named: "GetUser"))
        #expect(getUser.inputType.fullName == "api.users.GetUserRequest")
        #expect(getUser.outputType.fullName == "api.users.User")

        // A type from another file: orders import products and the well-known Timestamp.
        guard case .message(let order) = try await client.describe(symbol: "api.orders.Order") else {
          Issue.record("api.orders.Order is not a message")
          return
        }
        #expect(order.field(named: "total")?.messageType?.fullName == "api.products.Money")
        #expect(order.field(named: "placed_at")?.messageType?.fullName == "google.protobuf.Timestamp")

        guard case .method(let method) = try await client.describe(symbol: "api.users.UserService.UpdateProfile")
        else {
          Issue.record("UpdateProfile is not a method")
          return
        }
        #expect(method.inputType.fullName == "api.users.UpdateProfileRequest")
      }
    }
  }
}
