import AgentConfig
import ProbeStore

/// A probe as the scheduler sees it: its identity, its target and definition, and when it runs.
public struct ScheduledProbe: Sendable {
  public let key: ProbeKey
  /// The target as configured, its probes included (the client's connect timeout follows them).
  public let target: TargetConfig
  public let spec: ProbeSpec
  public let slot: ScheduleSlot

  public init(target: TargetConfig, spec: ProbeSpec) {
    self.target = target
    self.spec = spec
    self.key = ProbeKey(target: target.name, probe: spec.name)
    self.slot = ScheduleSlot(identity: key.description, interval: spec.interval)
  }

  /// True when a reload leaves this probe as it was: same target settings, same definition.
  /// A change to a sibling probe does not count.
  public func isUnchanged(comparedTo other: ScheduledProbe) -> Bool {
    key == other.key && spec == other.spec && Self.bare(target) == Self.bare(other.target)
  }

  private static func bare(_ target: TargetConfig) -> TargetConfig {
    var bare = target
    bare.probes = []
    return bare
  }

  /// Every probe of a configuration, in file order, keeping only this agent's shard of the targets.
  public static func all(in configuration: AgentConfiguration) -> [ScheduledProbe] {
    configuration.targets
      .filter { TargetShard.owns($0.name, sharding: configuration.global.sharding) }
      .flatMap { target in target.probes.map { ScheduledProbe(target: target, spec: $0) } }
  }
}

/// `hashmod`-style sharding: with `sharding: {total: N, index: i}`, this agent owns the targets whose name hashes
/// to `i` modulo `N` (64-bit FNV-1a of the target's name), so N agents with the same file split the targets.
public enum TargetShard {
  public static func owns(_ targetName: String, sharding: Sharding?) -> Bool {
    guard let sharding, sharding.total > 1 else { return true }
    return Int(ScheduleSlot.fnv1a(targetName) % UInt64(sharding.total)) == sharding.index
  }
}
