import Hummingbird
import Logging

/// Turns every error a route throws into an ``AgentHTTPError`` answer, so no client ever sees an empty body or a
/// Swift error description: Hummingbird's `HTTPError`s (404 for an unknown path, 405, 413) keep their status
/// with a JSON body; anything unexpected becomes a logged 500 `internal_error`.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    do {
      return try await next(request, context)
    } catch let error as AgentHTTPError {
      return try error.response(from: request, context: context)
    } catch let error as HTTPError {
      let message = error.body ?? Self.defaultMessage(error.status, request)
      return try AgentHTTPError(error.status, code: Self.code(error.status), message: message)
        .response(from: request, context: context)
    } catch {
      context.logger.error(
        "request failed", metadata: ["path": "\(request.uri.path)", "error": "\(String(reflecting: type(of: error)))"])
      return try AgentHTTPError(
        .internalServerError, code: "internal_error",
        message: "the agent failed to answer \(request.method) \(request.uri.path); see its log"
      ).response(from: request, context: context)
    }
  }

  /// A snake_case code for a status (`not_found`, `method_not_allowed`).
  static func code(_ status: HTTPResponse.Status) -> String {
    status.reasonPhrase.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
  }

  static func defaultMessage(_ status: HTTPResponse.Status, _ request: Request) -> String {
    switch status {
    case .notFound: "no route for \(request.method) \(request.uri.path)"
    case .methodNotAllowed: "\(request.method) is not allowed on \(request.uri.path)"
    default: status.reasonPhrase
    }
  }
}
