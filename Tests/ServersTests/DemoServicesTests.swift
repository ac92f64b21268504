import DemoServices
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import SwiftProtobuf
import Testing

/// The demo services' behaviour, through generated client stubs against the demo binary.
@Suite("Demo services")
struct DemoServicesTests {
  typealias Client = GRPCClient<HTTP2ClientTransport.Posix>

  /// The RPCError a unary call ended with (a status from the server arrives in the response, not thrown by the
  /// transport, but `response.message` rethrows it).
  func error<T: Sendable>(_ body: () async throws -> T) async -> RPCError? {
    do {
      _ = try await body()
      return nil
    } catch let error as RPCError {
      return error
    } catch {
      return nil
    }
  }

  @Test("GetUser: a seeded user; NOT_FOUND with ErrorInfo; INVALID_ARGUMENT with BadRequest")
  func getUser() async throws {
    try await TestEnvironment.withDemo { server in
      try await TestEnvironment.withClient(server) { client in
        let users = Api_Users_UserService.Client(wrapping: client)
        let ada = try await users.getUser(.with { $0.userID = 1 }, options: TestEnvironment.options())
        #expect(ada.email == "ada@example.com")
        #expect(ada.role == .admin)
        #expect(ada.labels["tier"] == "gold")

        let missing = await error { try await users.getUser(.with { $0.userID = 42 }, options: TestEnvironment.options()) }
        #expect(missing?.code == .notFound)
        #expect(missing?.metadata[binaryValues: "grpc-status-details-bin"].first(where: { _ in true }) != nil)
        let status = try missing?.unpackGoogleRPCStatus()
        #expect(status?.code == .notFound)
        let info = status?.details.first?.errorInfo
        #expect(info?.reason == "USER_NOT_FOUND")
        #expect(info?.domain == "demo.reflectprobe")
        #expect(info?.metadata["user_id"] == "42")

        let invalid = await error { try await users.getUser(.with { $0.userID = 0 }, options: TestEnvironment.options()) }
        #expect(invalid?.code == .invalidArgument)
        let violations = try invalid?.unpackGoogleRPCStatus()?.details.first?.badRequest?.violations
        #expect(violations?.map(\.field) == ["user_id"])
      }
    }
  }

  @Test("UpdateProfile: x-api-key required; the field mask limits the update; header and trailer")
  func updateProfile() async throws {
    try await TestEnvironment.withDemo { server in
      try await TestEnvironment.withClient(server) { client in
        let users = Api_Users_UserService.Client(wrapping: client)
        let request = Api_Users_UpdateProfileRequest.with {
          $0.userID = 2
          $0.profile = .with { $0.displayName = "A. M. Turing"; $0.bio = "ignored" }
          $0.fieldMask = .with { $0.paths = ["display_name"] }
        }
        let anonymous = await error { try await users.updateProfile(request, options: TestEnvironment.options()) }
        #expect(anonymous?.code == .unauthenticated)
        let wrong = await error {
          try await users.updateProfile(request, metadata: ["x-api-key": "nope"], options: TestEnvironment.options())
        }
        #expect(wrong?.code == .permissionDenied)

        let (user, header, trailer) = try await users.updateProfile(
          request, metadata: ["x-api-key": "demo-key"], options: TestEnvironment.options()
        ) { response in
          (try response.message, response.metadata, response.trailingMetadata)
        }
        #expect(user.profile.displayName == "A. M. Turing")
        #expect(user.profile.bio == "Computability")
        #expect(Array(header[stringValues: "x-demo-server"]) == ["reflectprobe-demo"])
        #expect(Array(trailer[stringValues: "x-updated-fields"]) == ["display_name"])
        let stored = try await users.getUser(.with { $0.userID = 2 }, options: TestEnvironment.options())
        #expect(stored.profile.displayName == "A. M. Turing")

        var bad = request
        bad.fieldMask.paths = ["email"]
        let badMask = await error {
          try await users.updateProfile(bad, metadata: ["x-api-key": "demo-key"], options: TestEnvironment.options())
        }
        #expect(badMask?.code == .invalidArgument)
      }
    }
  }

  @Test("ListUsers, CreateUsers and Chat: the three streaming kinds")
  func streaming() async throws {
    try await TestEnvironment.withDemo { server in
      try await TestEnvironment.withClient(server) { client in
        let users = Api_Users_UserService.Client(wrapping: client)
        let listed = try await users.listUsers(.with { $0.pageSize = 2 }, options: TestEnvironment.options()) {
          response in
          var ids: [Int64] = []
          for try await user in response.messages where ids.count < 100 { ids.append(user.userID) }
          return ids
        }
        #expect(listed == [1, 2])
        let members = try await users.listUsers(.with { $0.role = .member }, options: TestEnvironment.options()) {
          response in
          var ids: [Int64] = []
          for try await user in response.messages where ids.count < 100 { ids.append(user.userID) }
          return ids
        }
        #expect(members == [2, 3])

        let created = try await users.createUsers(options: TestEnvironment.options()) { writer in
          for name in ["x", "y", "z"] { try await writer.write(.with { $0.email = "\(name)@example.com" }) }
        }
        #expect(created.created == 3)
        #expect(created.userIds == [4, 5, 6])

        let echoes = try await users.chat(options: TestEnvironment.options()) { writer in
          for text in ["one", "two", "three"] { try await writer.write(.with { $0.text = text }) }
        } onResponse: { response in
          var texts: [String] = []
          for try await message in response.messages where texts.count < 100 {
            #expect(message.hasSentAt)
            texts.append(message.text)
          }
          return texts
        }
        #expect(echoes == ["echo: one", "echo: two", "echo: three"])
      }
    }
  }

  @Test("Products and orders: search errors, stock, WatchOrder events")
  func productsAndOrders() async throws {
    try await TestEnvironment.withDemo(["--order-event-interval-ms", "20"]) { server in
      try await TestEnvironment.withClient(server) { client in
        let products = Api_Products_ProductService.Client(wrapping: client)
        let found = try await products.searchProducts(
          .with { $0.query = "hardware"; $0.limit = 2 }, options: TestEnvironment.options())
        #expect(found.total == 3)
        #expect(found.products.map(\.sku) == ["SKU-001", "SKU-002"])
        let range = await error {
          try await products.searchProducts(
            .with {
              $0.minPrice = .with { $0.units = 100 }
              $0.maxPrice = .with { $0.units = 10 }
            }, options: TestEnvironment.options())
        }
        #expect(range?.code == .invalidArgument)
        let rangeDetails = try range?.unpackGoogleRPCStatus()?.details
        #expect(rangeDetails?.first?.badRequest?.violations.map(\.field) == ["min_price", "max_price"])
        let giftCard = try await products.getProduct(.with { $0.sku = "SKU-005" }, options: TestEnvironment.options())
        #expect(!giftCard.hasStock)

        let orders = Api_Orders_OrderService.Client(wrapping: client)
        let outOfStock = await error {
          try await orders.placeOrder(
            .with { $0.userID = 1; $0.lines = [.with { $0.sku = "SKU-004"; $0.quantity = 1 }] },
            options: TestEnvironment.options())
        }
        #expect(outOfStock?.code == .failedPrecondition)
        let stockDetails = try outOfStock?.unpackGoogleRPCStatus()?.details
        #expect(stockDetails?.first?.preconditionFailure?.violations.first?.subject == "product:SKU-004")
        let order = try await orders.placeOrder(
          .with { $0.userID = 3; $0.lines = [.with { $0.sku = "SKU-002"; $0.quantity = 2 }] },
          options: TestEnvironment.options())
        #expect(order.orderID == "ord-1001")
        #expect(order.total.units == 49 && order.total.nanos == 0)
        let stock = try await products.getProduct(.with { $0.sku = "SKU-002" }, options: TestEnvironment.options()).stock.value
        #expect(stock == 98)

        let events = try await orders.watchOrder(.with { $0.orderID = order.orderID }, options: TestEnvironment.options()) {
          response in
          var statuses: [Api_Orders_OrderStatus] = []
          for try await event in response.messages where statuses.count < 100 { statuses.append(event.status) }
          return statuses
        }
        #expect(events == [.placed, .packed, .shipped, .delivered])
      }
    }
  }
}
