import Foundation
import ProbeStore
import Synchronization

/// The current state of every probe: its last outcome and since when it has been passing or failing.
///
/// What `GET /api/v1/targets` and the status page show. Restored from the store's last samples on start, so a
/// restart does not forget since when a probe has been failing.
public final class ProbeStateBoard: Sendable {
  /// One probe's state.
  public struct State: Sendable, Equatable {
    public var last: ProbeSample
    /// Start of the current run of successes or failures.
    public var since: Date
    /// Consecutive results equal to `last.success`.
    public var streak: Int
  }

  private let states = Mutex<[ProbeKey: State]>([:])

  public init(restoring samples: [ProbeKey: ProbeSample] = [:]) {
    states.withLock { states in
      for (key, sample) in samples { states[key] = State(last: sample, since: sample.time, streak: 1) }
    }
  }

  /// Records a new result; returns the previous state (nil for a probe's first result).
  @discardableResult
  public func update(with sample: ProbeSample) -> State? {
    states.withLock { states in
      let previous = states[sample.key]
      if let previous, previous.last.success == sample.success {
        states[sample.key] = State(last: sample, since: previous.since, streak: previous.streak + 1)
      } else {
        states[sample.key] = State(last: sample, since: sample.time, streak: 1)
      }
      return previous
    }
  }

  public func state(of key: ProbeKey) -> State? { states.withLock { $0[key] } }

  /// Every probe's state, sorted by key.
  public var all: [(key: ProbeKey, state: State)] {
    states.withLock { $0.map { (key: $0.key, state: $0.value) } }.sorted { $0.key < $1.key }
  }

  /// Forgets probes no longer configured (after a reload).
  public func retainOnly(_ keys: Set<ProbeKey>) {
    states.withLock { states in states = states.filter { keys.contains($0.key) } }
  }
}
