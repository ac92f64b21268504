import AgentConfig
import Hummingbird

/// Requires `Authorization: Bearer TOKEN` (`api.token`, or the generated `api-token` file) on every path but
/// `api.public_paths`, unless `api.require_token` is false and no token is set.
///
/// Reads the configuration per request, so a reload changes the token at once. The comparison takes the same
/// time whatever the position of the first differing byte. Failures are 401 `unauthorized` with
/// `WWW-Authenticate: Bearer`.
struct BearerAuthMiddleware: RouterMiddleware {
  typealias Context = AgentRequestContext
  let settings: @Sendable () -> APISettings

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    let settings = settings()
    guard settings.requireToken || settings.token != nil, !settings.publicPaths.contains(request.uri.path) else {
      return try await next(request, context)
    }
    // The runtime fills in a generated token when none is configured; without one, nothing is let through.
    let token = settings.token ?? ""
    let header = request.headers[.authorization] ?? ""
    let prefix = "bearer "
    let presented = header.lowercased().hasPrefix(prefix) ? String(header.dropFirst(prefix.count)) : nil
    guard let presented, !token.isEmpty, Self.constantTimeEquals(Array(presented.utf8), Array(token.utf8)) else {
      context.logger.notice(
        "api request refused: missing or wrong bearer token",
        metadata: ["path": "\(request.uri.path)", "caller": "\(context.remoteAddress ?? "unknown")"])
      var response = try AgentHTTPError(
        .unauthorized, code: "unauthorized",
        message: presented == nil
          ? "this endpoint needs 'Authorization: Bearer TOKEN' (api.token)" : "the bearer token is not valid"
      ).response(from: request, context: context)
      response.headers[.wwwAuthenticate] = "Bearer"
      return response
    }
    return try await next(request, context)
  }

  /// Equal bytes, in time that depends only on the lengths.
  static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    var difference = UInt8(a.count == b.count ? 0 : 1)
    for index in 0..<max(a.count, b.count) {
      difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
    }
    return difference == 0
  }
}
