import GRPCCore
import GRPCProtos

/// `grpc.health.v1.Health` (Check, Watch, List) over a ``HealthStatusStore``.
///
/// Check answers NOT_FOUND for a service the store does not know (per the health protocol); Watch sends the current
/// status, then each change, until the client cancels or the store shuts down; List returns every known status.
public struct HealthService: Grpc_Health_V1_Health.SimpleServiceProtocol {
  /// The statuses served; change them with ``HealthStatusStore/set(_:for:)``.
  public let store: HealthStatusStore

  public init(store: HealthStatusStore) {
    self.store = store
  }

  public func check(
    request: Grpc_Health_V1_HealthCheckRequest, context: ServerContext
  ) async throws -> Grpc_Health_V1_HealthCheckResponse {
    guard let status = store.status(of: request.service) else {
      throw RPCError(code: .notFound, message: "unknown service: \"\(request.service)\"")
    }
    return .with { $0.status = status }
  }

  public func list(
    request: Grpc_Health_V1_HealthListRequest, context: ServerContext
  ) async throws -> Grpc_Health_V1_HealthListResponse {
    let all = store.all
    return .with { response in
      response.statuses = all.mapValues { status in .with { $0.status = status } }
    }
  }

  public func watch(
    request: Grpc_Health_V1_HealthCheckRequest,
    response: RPCWriter<Grpc_Health_V1_HealthCheckResponse>,
    context: ServerContext
  ) async throws {
    let watch = store.watch(request.service)
    defer { watch.cancel() }
    // A client's cancellation reaches a grpc-swift handler as an RPC cancellation, not a task cancellation.
    try await withRPCCancellationHandler {
      var last: HealthStatusStore.Status?
      for await status in watch.statuses where status != last {
        last = status
        try await response.write(.with { $0.status = status })
      }
    } onCancelRPC: {
      watch.cancel()
    }
  }
}
