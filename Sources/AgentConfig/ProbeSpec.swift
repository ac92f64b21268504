/// A probe of one target, resolved: its module's settings merged in, defaults applied. What the scheduler runs.
public struct ProbeSpec: Sendable, Equatable {
  /// The probe's name, unique within its target; the `probe` label.
  public var name: String
  /// The module it came from, if any (`module:` key).
  public var module: String?
  /// What it does.
  public var kind: ProbeKind
  /// Time between runs' starts.
  public var interval: Duration
  /// Deadline of one run; below `interval`.
  public var timeout: Duration
  /// Labels of this probe (module's, then probe's own; the target's are added by the agent).
  public var labels: [String: String]

  public init(
    name: String, module: String? = nil, kind: ProbeKind, interval: Duration, timeout: Duration,
    labels: [String: String] = [:]
  ) {
    self.name = name
    self.module = module
    self.kind = kind
    self.interval = interval
    self.timeout = timeout
    self.labels = labels
  }
}

/// A reusable probe definition (`modules:` entry): a kind with its settings, interval/timeout/labels optional.
public struct ProbeModule: Sendable, Equatable {
  public var name: String
  public var kind: ProbeKind
  public var interval: Duration?
  public var timeout: Duration?
  public var labels: [String: String] = [:]
  public init(name: String, kind: ProbeKind, interval: Duration? = nil, timeout: Duration? = nil) {
    self.name = name
    self.kind = kind
    self.interval = interval
    self.timeout = timeout
  }
}

/// The three probe kinds.
public enum ProbeKind: Sendable, Equatable {
  /// `grpc.health.v1.Health/Check`.
  case health(HealthProbeSettings)
  /// Reflection list + describe, with schema drift detection.
  case discovery(DiscoveryProbeSettings)
  /// Call a unary or server-streaming method and check expectations.
  case invoke(InvokeProbeSettings)

  /// `health`, `discovery` or `invoke`: the `kind` label and the YAML key.
  public var name: String {
    switch self {
    case .health: "health"
    case .discovery: "discovery"
    case .invoke: "invoke"
    }
  }
}

/// `health: {service: NAME}`; the empty name asks about the server as a whole.
public struct HealthProbeSettings: Sendable, Equatable {
  public var service: String = ""
  public init(service: String = "") { self.service = service }
}

/// `discovery: {services: [...]}`.
public struct DiscoveryProbeSettings: Sendable, Equatable {
  /// Services that must be listed; the probe fails naming any that is missing.
  public var requiredServices: [String] = []
  /// Services left out of the schema snapshot (default: the reflection and health services themselves).
  public var ignoredServices: [String] = [
    "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "grpc.health.v1.Health",
  ]
  public init() {}
}

/// `invoke: {method: pkg.Svc/Method, request: {...}, metadata: {...}, expect: {...}}`.
public struct InvokeProbeSettings: Sendable, Equatable {
  /// `pkg.Service/Method`.
  public var method: String
  /// The request as JSON text (the YAML mapping re-encoded, or a JSON string).
  public var requestJSON: String = "{}"
  /// Extra request headers of this probe (added to the target's).
  public var metadata: [MetadataEntry] = []
  /// What the outcome must be.
  public var expect: Expectations = Expectations()
  /// Server streaming: stop after this many responses (default 100).
  public var maxResponses: Int = 100
  public init(method: String) { self.method = method }
}

/// `expect:` of an invoke probe.
public struct Expectations: Sendable, Equatable {
  /// Expected gRPC status code number (`code: NOT_FOUND` or `5`; default OK = 0).
  public var code: Int = 0
  /// The call must finish within this (`max_latency: 250ms`).
  public var maxLatency: Duration?
  /// Checks on the (first, for streams) response JSON, all of which must hold.
  public var assertions: [ResponseAssertion] = []
  public init() {}
}

/// A check on the response JSON: `{path: user.name, equals: "Ada"}`, `{path: items[0].id, exists: true}`,
/// `{path: email, matches: "^.+@"}`, `{path: total, gt: 3}` (also `ge`, `lt`, `le`, `not_equals`).
public struct ResponseAssertion: Sendable, Equatable {
  /// Dotted field path with `[n]` indexes, in the response's JSON (lowerCamelCase as printed, or proto names).
  public var path: String
  public var check: Check
  public init(path: String, check: Check) {
    self.path = path
    self.check = check
  }

  public enum Check: Sendable, Equatable {
    /// Equal to this JSON value (given as JSON text, compared structurally; numbers as numbers).
    case equals(String)
    case notEquals(String)
    /// Present (true) or absent (false).
    case exists(Bool)
    /// The value (a string, or a number/bool printed as JSON) matches this regular expression.
    case matches(String)
    case greaterThan(Double)
    case greaterOrEqual(Double)
    case lessThan(Double)
    case lessOrEqual(Double)
  }
}
