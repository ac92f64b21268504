import Hummingbird

/// Every route of the agent's listener with its methods: the table the 405 answers come from, and that a test
/// compares with ``OpenAPIDocument`` (each route documented, nothing documented that is not served).
enum AgentRoutes {
  /// Hummingbird paths (`:name` parameters) and their methods. HEAD is answered wherever GET is.
  static let all: [(path: String, methods: [HTTPRequest.Method])] = [
    ("/-/healthy", [.get]), ("/-/ready", [.get]), ("/-/reload", [.post]), ("/metrics", [.get]), ("/probe", [.get]),
    ("/api/v1/openapi.json", [.get]), ("/api/v1/targets", [.get]), ("/api/v1/targets/:target/services", [.get]),
    ("/api/v1/targets/:target/services/:service", [.get]), ("/api/v1/targets/:target/types/:type", [.get]),
    ("/api/v1/targets/:target/invoke", [.post]), ("/api/v1/history", [.get]), ("/api/v1/schema-changes", [.get]),
  ]

  /// The methods answered 405 on a known path when the route does not serve them (RFC 9110's registered methods,
  /// CONNECT aside, and QUERY).
  static let otherMethods: [HTTPRequest.Method] = [
    .get, .head, .post, .put, .delete, .patch, .options, .trace, HTTPRequest.Method("QUERY")!,
  ]

  /// The methods a route answers: its own, with HEAD next to GET.
  static func served(_ methods: [HTTPRequest.Method]) -> [HTTPRequest.Method] {
    methods.contains(.get) && !methods.contains(.head) ? methods + [.head] : methods
  }

  /// The OpenAPI form of a path (`{name}` parameters).
  static func openAPIPath(_ path: String) -> String {
    path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
      segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
    }.joined(separator: "/")
  }
}

extension Router where Context == AgentRequestContext {
  /// 405 `method_not_allowed` with `Allow` for every other method on the known paths (unknown paths stay 404).
  /// Register after the routes, as the router refuses a second handler for a path and method.
  func addMethodNotAllowedRoutes() {
    for route in AgentRoutes.all {
      let served = AgentRoutes.served(route.methods)
      let allow = served.map(\.rawValue).joined(separator: ", ")
      for method in AgentRoutes.otherMethods where !served.contains(method) {
        on(RouterPath(route.path), method: method) { request, context in
          var response = try AgentHTTPError(
            .methodNotAllowed, code: "method_not_allowed",
            message: "\(request.method) is not allowed on \(request.uri.path) (allowed: \(allow))"
          ).response(from: request, context: context)
          response.headers[.allow] = allow
          return response
        }
      }
    }
  }
}
