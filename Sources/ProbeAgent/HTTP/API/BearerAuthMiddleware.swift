import AgentConfig
import Hummingbird

/// Requires `Authorization: Bearer TOKEN` when `api.token` is configured, except on `api.public_paths`.
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
    guard let token = settings.token, !settings.publicPaths.contains(request.uri.path) else {
      return try await next(request, context)
    }
    let header = request.headers[.authorization] ?? ""
    let prefix = "bearer "
    let presented = header.lowercased().hasPrefix(prefix) ? String(header.dropFirst(prefix.count)) : nil
    guard let presented, Self.constantTimeEquals(Array(presented.utf8), Array(token.utf8)) else {
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
