import AgentConfig
import GRPCDynamic
import Hummingbird
import ProbeStore

/// What the HTTP listener needs from the rest of the agent, as closures the runtime supplies.
///
/// Keeping the routes on closures (not on the runtime's types) lets the routes be tested over a real socket
/// with small stand-ins, and lets the REST API (issue #5) add its own dependencies next to these.
public struct AgentHTTPDependencies: Sendable {
  /// The `/metrics` exposition (``AgentMetrics/renderBuffer()``).
  public var renderMetrics: @Sendable () -> ByteBuffer
  /// True once the configuration is loaded, the store is open and probes are scheduled (`/-/ready`).
  public var isReady: @Sendable () -> Bool
  /// The configuration in force: `/probe` accepts only its targets, modules and probes.
  public var configuration: @Sendable () -> AgentConfiguration
  /// Runs one probe now, outside the schedule, within `timeout` (`/probe`). Probe failures are outcomes with
  /// `success == false`; throw only when the probe cannot be run at all (the agent is shutting down, ...). An
  /// ``AgentHTTPError`` thrown here is answered as it is.
  public var probe:
    @Sendable (_ target: TargetConfig, _ probe: ProbeSpec, _ timeout: Duration) async throws -> ProbeOutcome
  /// Reloads the configuration (`POST /-/reload`, like SIGHUP); a failure keeps the old one and its error's
  /// description is the answer's message.
  public var reload: @Sendable () async -> Result<Void, any Error>
  /// Every probe's current state (`GET /api/v1/targets`), from the ``ProbeStateBoard``.
  public var probeStates: @Sendable () -> [(key: ProbeKey, state: ProbeStateBoard.State)]
  /// The dynamic client of a *configured* target (REST discovery and invoke); never built for any other address.
  public var client: @Sendable (_ target: TargetConfig) throws -> DynamicClient
  /// The history store (`/api/v1/history`, `/api/v1/schema-changes`); nil answers 503.
  public var store: (any HistoryStore)?

  public init(
    renderMetrics: @escaping @Sendable () -> ByteBuffer,
    isReady: @escaping @Sendable () -> Bool,
    configuration: @escaping @Sendable () -> AgentConfiguration,
    probe: @escaping @Sendable (TargetConfig, ProbeSpec, Duration) async throws -> ProbeOutcome,
    reload: @escaping @Sendable () async -> Result<Void, any Error>,
    probeStates: @escaping @Sendable () -> [(key: ProbeKey, state: ProbeStateBoard.State)] = { [] },
    client: @escaping @Sendable (TargetConfig) throws -> DynamicClient = { target in
      throw AgentHTTPError(
        .serviceUnavailable, code: "client_unavailable", message: "no client for target '\(target.name)'")
    },
    store: (any HistoryStore)? = nil
  ) {
    self.renderMetrics = renderMetrics
    self.isReady = isReady
    self.configuration = configuration
    self.probe = probe
    self.reload = reload
    self.probeStates = probeStates
    self.client = client
    self.store = store
  }
}
