import Synchronization

/// Caps the REST invokes in flight: a call beyond the cap is refused at once (429), never queued, so a burst of
/// slow calls cannot tie up the agent's connections and tasks.
final class InvokeLimiter: Sendable {
  /// Invokes allowed at the same time.
  let limit: Int
  private let inFlight = Atomic<Int>(0)

  init(limit: Int = 32) { self.limit = limit }

  /// Takes a slot; false when all are taken.
  func acquire() -> Bool {
    while true {
      let current = inFlight.load(ordering: .relaxed)
      guard current < limit else { return false }
      if inFlight.compareExchange(expected: current, desired: current + 1, ordering: .acquiringAndReleasing).exchanged {
        return true
      }
    }
  }

  func release() { inFlight.subtract(1, ordering: .acquiringAndReleasing) }

  var current: Int { inFlight.load(ordering: .relaxed) }
}
