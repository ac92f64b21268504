import Hummingbird

/// The request context of every route of the agent's listener.
///
/// Its own type (not `BasicRequestContext`) so later features can carry per-request state here: the REST API's
/// authentication result, for one. Holds the peer's address for access and audit logs.
public struct AgentRequestContext: RequestContext {
  public var coreContext: CoreRequestContextStorage
  /// `ip:port` of the client, when the transport knows it.
  public let remoteAddress: String?

  public init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
    remoteAddress = source.channel.remoteAddress.flatMap { address in
      address.ipAddress.map { ip in address.port.map { "\(ip):\($0)" } ?? ip }
    }
  }
}
