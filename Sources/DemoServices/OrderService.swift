import Foundation
import GRPCCore
import GRPCProtobuf
import SwiftProtobuf
import Synchronization

/// `api.orders.OrderService`: places orders against a ``ProductCatalog``'s stock and streams their progress.
///
/// - PlaceOrder: unknown user or SKU → NOT_FOUND (ErrorInfo); no lines or a quantity <= 0 → INVALID_ARGUMENT
///   (BadRequest); not enough stock → FAILED_PRECONDITION (PreconditionFailure type `STOCK`, subject
///   `product:SKU`). Ids are `ord-1001`, `ord-1002`, ...; `ord-1000` (user 1, one keyboard) is seeded.
/// - WatchOrder: unknown id → NOT_FOUND; otherwise the four events PLACED, PACKED, SHIPPED, DELIVERED, one per
///   ``eventInterval`` (a simulation per stream: the stored order is not changed), then the stream ends.
public struct OrderService: Api_Orders_OrderService.SimpleServiceProtocol {
  public let catalog: ProductCatalog
  public let users: UserStore
  /// The pause before each WatchOrder event after the first.
  public let eventInterval: Duration
  private let book = OrderBook()

  public init(catalog: ProductCatalog, users: UserStore, eventInterval: Duration = .milliseconds(100)) {
    self.catalog = catalog
    self.users = users
    self.eventInterval = eventInterval
    var seeded = Api_Orders_Order()
    seeded.orderID = "ord-1000"
    seeded.userID = 1
    seeded.lines = [.with { $0.sku = "SKU-001"; $0.quantity = 1 }]
    seeded.total = ProductCatalog.money(89, 990_000_000)
    seeded.status = .placed
    seeded.placedAt = Google_Protobuf_Timestamp(seconds: 1_700_000_300)
    book.store(seeded)
  }

  public func placeOrder(
    request: Api_Orders_PlaceOrderRequest, context: ServerContext
  ) async throws -> Api_Orders_Order {
    guard users.user(request.userID) != nil else {
      throw DemoErrors.notFound(
        "user \(request.userID) not found", reason: "USER_NOT_FOUND", metadata: ["user_id": "\(request.userID)"])
    }
    guard !request.lines.isEmpty else {
      throw DemoErrors.badRequest("an order needs at least one line", [("lines", "must not be empty")])
    }
    var total: Int64 = 0
    for (index, line) in request.lines.enumerated() {
      guard line.quantity > 0 else {
        throw DemoErrors.badRequest("invalid quantity", [("lines[\(index)].quantity", "must be > 0")])
      }
      guard let product = catalog.product(line.sku) else {
        throw DemoErrors.notFound(
          "product \"\(line.sku)\" not found", reason: "PRODUCT_NOT_FOUND", metadata: ["sku": line.sku])
      }
      total += product.price.totalNanos * Int64(line.quantity)
    }
    if let short = catalog.reserve(request.lines.map { ($0.sku, $0.quantity) }) {
      throw DemoErrors.precondition(
        "product \(short) is out of stock", type: "STOCK", subject: "product:\(short)",
        description: "not enough stock for the requested quantity")
    }
    var order = Api_Orders_Order()
    order.orderID = book.nextID()
    order.userID = request.userID
    order.lines = request.lines
    order.total = Api_Products_Money(currency: "EUR", totalNanos: total)
    order.status = .placed
    order.placedAt = Google_Protobuf_Timestamp(date: Date())
    book.store(order)
    return order
  }

  public func watchOrder(
    request: Api_Orders_WatchOrderRequest, response: RPCWriter<Api_Orders_OrderEvent>, context: ServerContext
  ) async throws {
    guard book.order(request.orderID) != nil else {
      throw DemoErrors.notFound(
        "order \"\(request.orderID)\" not found", reason: "ORDER_NOT_FOUND", metadata: ["order_id": request.orderID])
    }
    let statuses: [Api_Orders_OrderStatus] = [.placed, .packed, .shipped, .delivered]
    for (index, status) in statuses.enumerated() {
      if index > 0 { try await Task.sleep(for: eventInterval) }
      try await response.write(
        .with {
          $0.orderID = request.orderID
          $0.status = status
          $0.at = Google_Protobuf_Timestamp(date: Date())
        })
    }
  }
}

/// The placed orders, by id.
final class OrderBook: Sendable {
  private let orders = Mutex<[String: Api_Orders_Order]>([:])
  private let nextNumber = Atomic<Int>(1001)

  func nextID() -> String { "ord-\(nextNumber.wrappingAdd(1, ordering: .relaxed).oldValue)" }
  func store(_ order: Api_Orders_Order) { orders.withLock { $0[order.orderID] = order } }
  func order(_ id: String) -> Api_Orders_Order? { orders.withLock { $0[id] } }
}
