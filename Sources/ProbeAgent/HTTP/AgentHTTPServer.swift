import Hummingbird
import Logging

/// Builds the agent's HTTP listener: `/metrics`, `/probe`, `/-/healthy`, `/-/ready`, `/-/reload`.
///
/// The result is a Hummingbird `Application`, a swift-service-lifecycle `Service`: run it in the agent's
/// `ServiceGroup` (cancelling it directly makes Hummingbird log a spurious error). Routes are registered by one
/// `Router` extension per concern (`Router+Metrics.swift`, `Router+Probe.swift`, `Router+Lifecycle.swift`);
/// the REST API adds its own file and registers through `additionalRoutes`.
public enum AgentHTTPServer {
  /// The router with every built-in route, errors answered as JSON.
  public static func makeRouter(dependencies: AgentHTTPDependencies) -> Router<AgentRequestContext> {
    // HEAD is answered wherever GET is (RFC 9110), without a handler of its own.
    let router = Router(context: AgentRequestContext.self, options: .autoGenerateHeadEndpoints)
    // Middleware must be added before the routes it wraps.
    router.add(middleware: JSONErrorMiddleware())
    router.add(middleware: BearerAuthMiddleware { dependencies.configuration().api })
    router.addMetricsRoutes(render: dependencies.renderMetrics)
    router.addLifecycleRoutes(isReady: dependencies.isReady, reload: dependencies.reload)
    router.addProbeRoutes(configuration: dependencies.configuration, probe: dependencies.probe)
    router.addAPIRoutes(APIContext(dependencies: dependencies))
    router.addMethodNotAllowedRoutes()
    return router
  }

  /// The listener as a service.
  /// - Parameters:
  ///   - listen: `global.listen` (`127.0.0.1:9464`; port 0 picks a free port).
  ///   - additionalRoutes: registers more routes on the router before it is frozen (on paths other than
  ///     ``AgentRoutes/all``'s, which answer every method already).
  ///   - onServerRunning: called with the bound port once the socket listens.
  public static func makeApplication(
    listen: String,
    dependencies: AgentHTTPDependencies,
    logger: Logger,
    additionalRoutes: (Router<AgentRequestContext>) -> Void = { _ in },
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
  ) throws -> Application<RouterResponder<AgentRequestContext>> {
    let address = try ListenAddress(parsing: listen)
    let router = makeRouter(dependencies: dependencies)
    additionalRoutes(router)
    return Application(
      router: router,
      configuration: ApplicationConfiguration(address: address.bindAddress, serverName: nil),
      onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? address.port) },
      logger: logger
    )
  }
}
