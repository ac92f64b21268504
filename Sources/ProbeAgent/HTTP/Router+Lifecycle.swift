import Hummingbird

extension Router where Context == AgentRequestContext {
  /// `GET /-/healthy` (the process answers), `GET /-/ready` (configuration loaded, probes scheduled) and
  /// `POST /-/reload` (reload the configuration, like SIGHUP), as Prometheus names them.
  func addLifecycleRoutes(
    isReady: @escaping @Sendable () -> Bool,
    reload: @escaping @Sendable () async -> Result<Void, any Error>
  ) {
    get("/-/healthy") { _, _ in Response.plainOK() }
    get("/-/ready") { _, _ in
      guard isReady() else {
        throw AgentHTTPError(
          .serviceUnavailable, code: "not_ready",
          message: "the agent is starting: its configuration, store or scheduler is not ready yet")
      }
      return Response.plainOK()
    }
    post("/-/reload") { _, context in
      switch await reload() {
      case .success:
        context.logger.info("configuration reloaded through /-/reload")
        return Response.plainOK()
      case .failure(let error):
        if let error = error as? AgentHTTPError { throw error }
        throw AgentHTTPError(
          .internalServerError, code: "reload_failed",
          message: "configuration not reloaded (the previous one stays in force): \(error)")
      }
    }
  }
}
