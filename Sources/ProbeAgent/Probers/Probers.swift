import AgentConfig

/// The table from probe kind to prober (blackbox_exporter's `Probers` map). Adding a kind = one case here and
/// one file in this folder.
public enum Probers {
  /// The prober for a kind, with the kind's settings bound.
  public static func prober(for kind: ProbeKind) -> any Prober {
    switch kind {
    case .health(let settings): HealthProber(settings: settings)
    case .discovery(let settings): DiscoveryProber(settings: settings)
    case .invoke(let settings): InvokeProber(settings: settings)
    }
  }

  /// Runs the request's probe with the prober of its kind.
  public static func run(_ request: ProbeRequest) async -> ProbeOutcome {
    await prober(for: request.spec.kind).probe(request)
  }
}
