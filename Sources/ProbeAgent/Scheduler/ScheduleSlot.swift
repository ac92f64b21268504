import Foundation

/// When a probe runs: every `interval`, at a stable offset within the interval derived from the probe's identity.
///
/// As Prometheus spreads scrapes of many targets over the scrape interval, probes of many targets spread over
/// their interval instead of firing together; the offset depends only on the identity (target, probe), so a
/// restart or reload keeps each probe on the same wall-clock phase. Slots are aligned to the Unix epoch.
public struct ScheduleSlot: Sendable, Equatable {
  /// Time between slots.
  public let interval: Duration
  /// The phase of every slot within the interval, `0 ..< interval`.
  public let offset: Duration

  /// - Parameters:
  ///   - identity: stable identity of the probe, e.g. `target/probe`.
  ///   - interval: the probe's interval; must be positive.
  public init(identity: String, interval: Duration) {
    self.interval = interval
    // Whole microseconds: a `Date` near today holds about 0.2 µs of precision, so slots stay exact.
    let intervalMicros = max(UInt64(Self.nanoseconds(interval) / 1000), 1)
    self.offset = .microseconds(Int64(Self.fnv1a(identity) % intervalMicros))
  }

  /// The first slot strictly after `time` (or at it, when `time` is exactly on a slot and `inclusive`).
  public func next(after time: Date, inclusive: Bool = false) -> Date {
    let intervalMicros = max(Self.nanoseconds(interval) / 1000, 1)
    let offsetMicros = Self.nanoseconds(offset) / 1000
    let now = Int64((time.timeIntervalSince1970 * 1e6).rounded())
    // The slot at or before `now`, then step forward.
    var slot = now - ((now - offsetMicros) % intervalMicros + intervalMicros) % intervalMicros
    if slot < now || (slot == now && !inclusive) { slot += intervalMicros }
    return Date(timeIntervalSince1970: Double(slot) / 1e6)
  }

  /// How many whole slots lie in `(after, before]`: runs that were due but did not start.
  public func slotsMissed(after slot: Date, before time: Date) -> Int {
    let elapsed = max(time.timeIntervalSince(slot), 0)
    let seconds = Double(Self.nanoseconds(interval)) / 1e9
    // Slot times are whole nanoseconds apart; the epsilon absorbs Date's floating-point rounding.
    return Int((elapsed / seconds + 1e-6).rounded(.down))
  }

  static func nanoseconds(_ duration: Duration) -> Int64 {
    let (seconds, attoseconds) = duration.components
    return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
  }

  /// 64-bit FNV-1a: stable across runs and platforms (Swift's `Hasher` is seeded per process).
  static func fnv1a(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
  }
}
