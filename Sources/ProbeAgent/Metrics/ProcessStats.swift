import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A reading of this process's resource use from `/proc/self` (Linux), for the `process_*` families.
///
/// Costs a read of `/proc/self/stat` and a listing of `/proc/self/fd` (a few microseconds per open file
/// descriptor); taken once per `/metrics` render. On systems without `/proc` every field is nil and the families
/// keep their last values.
struct ProcessStats: Sendable, Equatable {
  /// User plus system CPU time, seconds.
  var cpuSeconds: Double?
  var residentBytes: Double?
  var virtualBytes: Double?
  var openFDs: Double?
  var maxFDs: Double?
  /// Process start, seconds since 1970.
  var startTime: Double?

  /// Reads the current values.
  static func current() -> ProcessStats {
    var stats = ProcessStats()
    let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
    let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
    if let fields = statFields(), fields.count > 21, ticks > 0 {
      // Fields after the command name, numbered from field 3 (state): utime 14, stime 15, starttime 22,
      // vsize 23, rss 24 → indexes 11, 12, 19, 20, 21.
      if let user = Double(fields[11]), let system = Double(fields[12]) { stats.cpuSeconds = (user + system) / ticks }
      if let start = Double(fields[19]), let boot = bootTime() { stats.startTime = boot + start / ticks }
      stats.virtualBytes = Double(fields[20])
      stats.residentBytes = Double(fields[21]).map { $0 * pageSize }
    }
    stats.openFDs = openFileDescriptors()
    var limit = rlimit()
    if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 { stats.maxFDs = Double(limit.rlim_cur) }
    return stats
  }

  /// `/proc/self/stat` split after the `(comm)` field, which may itself hold spaces and parentheses.
  private static func statFields() -> [Substring]? {
    guard let text = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
      let close = text.lastIndex(of: ")")
    else { return nil }
    return text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
  }

  /// `btime` of `/proc/stat`: boot time in seconds since 1970.
  private static func bootTime() -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
      return Double(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
    }
    return nil
  }

  /// Entries of `/proc/self/fd`, less the descriptor that lists them.
  private static func openFileDescriptors() -> Double? {
    guard let dir = opendir("/proc/self/fd") else { return nil }
    defer { closedir(dir) }
    var count = 0
    while let entry = readdir(dir) {
      let first = withUnsafeBytes(of: entry.pointee.d_name) { $0.first ?? 0 }
      if first != UInt8(ascii: ".") { count += 1 }
    }
    return Double(max(count - 1, 0))
  }
}
