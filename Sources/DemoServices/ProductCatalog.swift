import SwiftProtobuf
import Synchronization

/// The demo's products, in memory, with stock that orders take from. `stock` unset means unlimited (digital goods).
public final class ProductCatalog: Sendable {
  private let products: Mutex<[String: Api_Products_Product]>

  public init() {
    products = Mutex(Dictionary(uniqueKeysWithValues: Self.seed.map { ($0.sku, $0) }))
  }

  /// One product by SKU.
  public func product(_ sku: String) -> Api_Products_Product? { products.withLock { $0[sku] } }

  /// Every product, by SKU.
  public func all() -> [Api_Products_Product] { products.withLock { $0.values.sorted { $0.sku < $1.sku } } }

  /// Takes the quantities from stock, all or nothing. Returns the first SKU short of stock, or nil on success.
  /// SKUs must exist (checked by the caller).
  func reserve(_ quantities: [(sku: String, quantity: Int32)]) -> String? {
    products.withLock { products in
      var needed: [String: Int32] = [:]
      for (sku, quantity) in quantities { needed[sku, default: 0] += quantity }
      for (sku, quantity) in needed.sorted(by: { $0.key < $1.key }) {
        guard let product = products[sku] else { return sku }
        if product.hasStock && product.stock.value < quantity { return sku }
      }
      for (sku, quantity) in needed where products[sku]?.hasStock == true {
        products[sku]!.stock.value -= quantity
      }
      return nil
    }
  }

  static func money(_ units: Int64, _ nanos: Int32 = 0, _ currency: String = "EUR") -> Api_Products_Money {
    .with {
      $0.currencyCode = currency
      $0.units = units
      $0.nanos = nanos
    }
  }

  static let seed: [Api_Products_Product] = [
    .with {
      $0.sku = "SKU-001"; $0.name = "Mechanical Keyboard"; $0.price = money(89, 990_000_000)
      $0.tags = ["hardware", "input"]; $0.stock = .init(25); $0.attributes = ["layout": "ISO", "switch": "brown"]
    },
    .with {
      $0.sku = "SKU-002"; $0.name = "Wireless Mouse"; $0.price = money(24, 500_000_000)
      $0.tags = ["hardware", "input"]; $0.stock = .init(100); $0.attributes = ["dpi": "1600"]
    },
    .with {
      $0.sku = "SKU-003"; $0.name = "USB-C Hub"; $0.price = money(39)
      $0.tags = ["hardware", "usb"]; $0.stock = .init(3)
    },
    .with {
      $0.sku = "SKU-004"; $0.name = "Vintage Desk Lamp"; $0.price = money(120)
      $0.tags = ["furniture"]; $0.stock = .init(0); $0.attributes = ["color": "brass"]
    },
    .with {
      $0.sku = "SKU-005"; $0.name = "Gift Card"; $0.price = money(50)
      $0.tags = ["digital"]
    },
  ]
}

extension Api_Products_Money {
  /// The amount in nanos (units * 1e9 + nanos), for comparisons and sums.
  var totalNanos: Int64 { units &* 1_000_000_000 &+ Int64(nanos) }

  init(currency: String, totalNanos: Int64) {
    self.init()
    currencyCode = currency
    units = totalNanos / 1_000_000_000
    nanos = Int32(totalNanos % 1_000_000_000)
  }
}
