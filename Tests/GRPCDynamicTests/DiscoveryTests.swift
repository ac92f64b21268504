import DynamicProto
import GRPCDynamic
import Testing

/// list / describe / service descriptors, against every kind of server and descriptor source.
@Suite struct DiscoveryTests {
  /// The servers and how they serve reflection.
  enum Server: String, CaseIterable, CustomTestStringConvertible {
    case demoBoth, demoV1Only, demoV1alphaOnly, demoSelfDeps, demoProtosetOnly, demoProtoFilesOnly
    var testDescription: String { rawValue }

    func start() async throws -> PeerProcess {
      switch self {
      case .demoBoth: try await .demo()
      case .demoV1Only: try await .demo(["--reflection", "v1"])
      case .demoV1alphaOnly: try await .demo(["--reflection", "v1alpha"])
      case .demoSelfDeps: try await .demo(["--reflection-deps", "self"])
      case .demoProtosetOnly, .demoProtoFilesOnly: try await .demo(["--reflection", "none"])
      }
    }

    func options() throws -> DynamicClientOptions {
      var options = TestClients.options
      switch self {
      case .demoProtosetOnly:
        options.descriptorSource = .files(try ProtosetDescriptorSource(protosetPaths: [DemoProtos.protosetPath]))
      case .demoProtoFilesOnly:
        options.descriptorSource = .files(try DemoProtos.source())
      default: break
      }
      return options
    }

    var hasReflection: Bool { self != .demoProtosetOnly && self != .demoProtoFilesOnly }
  }

  @Test(arguments: Server.allCases)
  func listsAndDescribesTheDemo(server: Server) async throws {
    try await withPeer(server.start()) { peer in
      try await TestClients.with(peer.address, options: server.options()) { client in
        let services = try await client.listServices()
        #expect(services.contains("api.users.UserService"))
        #expect(services.contains("api.orders.OrderService"))
        #expect(services.contains("grpc.health.v1.Health") == server.hasReflection)
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

        // Every source describes the same call.
        let user = try await client.invoke("api.users.UserService/GetUser", json: #"{"userId": 2}"#)
        #expect(try jsonObject(user.json)["userId"] as? String == "2")
      }
    }
  }

  @Test func describesThePythonPeer() async throws {
    try await withPeer(.python()) { peer in
      try await TestClients.with(peer.address) { client in
        let peerService = try await client.serviceDescriptor("peer.v1.Peer")
        #expect(peerService.methods.map(\.name) == ["Echo", "Count", "Sum", "Shout", "Slow", "Fail"])
        guard case .message(let request) = try await client.describe(symbol: "peer.v1.EchoRequest") else {
          Issue.record("peer.v1.EchoRequest is not a message")
          return
        }
        // grpcio sends json_name only where the .proto set it; the others are derived.
        #expect(request.field(named: "user_name")?.jsonName == "login")
        #expect(request.field(named: "text")?.jsonName == "text")
        let template = MessageTemplate.json(for: request)
        #expect(template.contains("\"login\""))
      }
    }
  }
}
