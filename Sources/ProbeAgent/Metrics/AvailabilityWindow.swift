import Foundation

/// A window of `reflectprobe_availability_ratio` (the `window` label): the last hour, day or 30 days.
public enum AvailabilityWindow: String, Sendable, CaseIterable {
  case hour = "1h"
  case day = "24h"
  case month = "30d"

  /// The window's length, to ask the store for `availability(key, since: now - length)`.
  public var length: TimeInterval {
    switch self {
    case .hour: 3600
    case .day: 86400
    case .month: 30 * 86400
    }
  }
}
