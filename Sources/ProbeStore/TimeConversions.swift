import Foundation

extension Date {
  /// Milliseconds since the Unix epoch, rounded to the nearest: the raw tables' `time_ms`.
  var unixMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

  init(unixMilliseconds: Int64) { self.init(timeIntervalSince1970: Double(unixMilliseconds) / 1000) }
}

extension Int64 {
  /// For a time in Unix milliseconds: the start, in Unix seconds, of the UTC-aligned bucket of `width` seconds
  /// that contains it (floor division, also before 1970).
  func bucketStart(width: Int64) -> Int64 {
    let widthMs = width * 1000
    let floored = self >= 0 ? self / widthMs : -((-self + widthMs - 1) / widthMs)
    return floored * width
  }
}
