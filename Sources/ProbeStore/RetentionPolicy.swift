import Foundation

/// How long each resolution of probe history is kept. Defaults follow the issue: raw results 48 hours,
/// per-minute rollups 30 days, per-hour rollups 400 days. (The agent maps its configuration onto this; the store
/// does not depend on the configuration module.)
public struct RetentionPolicy: Sendable, Equatable {
  /// Raw results (one row per run).
  public var raw: TimeInterval
  /// Per-minute rollups.
  public var minute: TimeInterval
  /// Per-hour rollups.
  public var hour: TimeInterval

  public static let defaultRaw: TimeInterval = 48 * 3600
  public static let defaultMinute: TimeInterval = 30 * 86400
  public static let defaultHour: TimeInterval = 400 * 86400

  public init(raw: TimeInterval = defaultRaw, minute: TimeInterval = defaultMinute, hour: TimeInterval = defaultHour) {
    self.raw = raw
    self.minute = minute
    self.hour = hour
  }
}
