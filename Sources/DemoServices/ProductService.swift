import GRPCCore
import GRPCProtobuf

/// `api.products.ProductService` over a ``ProductCatalog``.
///
/// - GetProduct: unknown SKU → NOT_FOUND (ErrorInfo reason `PRODUCT_NOT_FOUND`, metadata `sku`).
/// - SearchProducts: case-insensitive `query` match on name, SKU or tags (empty = all), price range inclusive;
///   min > max, a negative `limit` or a currency other than the catalogue's → INVALID_ARGUMENT with BadRequest
///   field violations. `limit` > 0 caps the products returned; `total` counts every match.
public struct ProductService: Api_Products_ProductService.SimpleServiceProtocol {
  public let catalog: ProductCatalog

  public init(catalog: ProductCatalog) {
    self.catalog = catalog
  }

  public func getProduct(
    request: Api_Products_GetProductRequest, context: ServerContext
  ) async throws -> Api_Products_Product {
    guard let product = catalog.product(request.sku) else {
      throw DemoErrors.notFound(
        "product \"\(request.sku)\" not found", reason: "PRODUCT_NOT_FOUND", metadata: ["sku": request.sku])
    }
    return product
  }

  public func searchProducts(
    request: Api_Products_SearchProductsRequest, context: ServerContext
  ) async throws -> Api_Products_SearchProductsResponse {
    var violations: [(field: String, description: String)] = []
    for (field, set, money) in [
      ("min_price", request.hasMinPrice, request.minPrice), ("max_price", request.hasMaxPrice, request.maxPrice),
    ] where set && !money.currencyCode.isEmpty && money.currencyCode != "EUR" {
      violations.append((field, "currency must be EUR, got \(money.currencyCode)"))
    }
    if request.hasMinPrice && request.hasMaxPrice && request.minPrice.totalNanos > request.maxPrice.totalNanos {
      violations.append(("min_price", "must not exceed max_price"))
      violations.append(("max_price", "must not be below min_price"))
    }
    if request.limit < 0 { violations.append(("limit", "must be >= 0")) }
    guard violations.isEmpty else { throw DemoErrors.badRequest("invalid search request", violations) }

    let query = request.query.lowercased()
    let matches = catalog.all().filter { product in
      let text = query.isEmpty
        || product.name.lowercased().contains(query) || product.sku.lowercased().contains(query)
        || product.tags.contains { $0.lowercased().contains(query) }
      let price = product.price.totalNanos
      let aboveMin = !request.hasMinPrice || price >= request.minPrice.totalNanos
      let belowMax = !request.hasMaxPrice || price <= request.maxPrice.totalNanos
      return text && aboveMin && belowMax
    }
    return .with {
      $0.total = Int32(matches.count)
      $0.products = request.limit > 0 ? Array(matches.prefix(Int(request.limit))) : matches
    }
  }
}
