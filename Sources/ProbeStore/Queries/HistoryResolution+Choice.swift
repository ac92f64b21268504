import Foundation

extension HistoryResolution {
  /// Ranges up to this long are answered from raw results (at most 6 h: 2,160 points for a 10 s probe).
  public static let rawRangeLimit: TimeInterval = 6 * 3600
  /// Ranges up to this long (and longer than ``rawRangeLimit``) are answered from minute rollups (at most
  /// 7 d: 10,080 points); longer ranges from hour rollups (400 d: 9,600 points).
  public static let minuteRangeLimit: TimeInterval = 7 * 86400

  /// Seconds per row of the resolution's table; nil for raw results (one row per run).
  public var bucketWidth: TimeInterval? {
    switch self {
    case .raw: nil
    case .minute: 60
    case .hour: 3600
    }
  }

  /// The table that answers a query spanning `range` seconds: raw up to ``rawRangeLimit``, minute up to
  /// ``minuteRangeLimit``, hour beyond.
  public static func forRange(_ range: TimeInterval) -> HistoryResolution {
    if range <= rawRangeLimit { return .raw }
    if range <= minuteRangeLimit { return .minute }
    return .hour
  }

  /// The coarsest table whose rows are no wider than `step`, so step-sized buckets can be built from them.
  public static func forStep(_ step: TimeInterval) -> HistoryResolution {
    if step >= 3600 { return .hour }
    if step >= 60 { return .minute }
    return .raw
  }

  /// Finer of two resolutions (raw < minute < hour).
  static func finer(_ a: HistoryResolution, _ b: HistoryResolution) -> HistoryResolution {
    a.rank <= b.rank ? a : b
  }

  private var rank: Int {
    switch self {
    case .raw: 0
    case .minute: 1
    case .hour: 2
    }
  }
}
