import Foundation
import Yams

/// `global:`: listener, database, default interval/timeout, concurrency, sharding, retention.
enum GlobalSection {
  static let keys = [
    "listen", "database", "interval", "timeout", "max_concurrent_probes", "shutdown_grace_period", "sharding",
    "retention",
  ]

  static func decode(_ node: Node?, _ context: DecodingContext) -> GlobalSettings {
    var global = GlobalSettings()
    global.databasePath = databasePath("reflectprobe.db", context)
    guard let node, let reader = MappingReader(node, ConfigPath.root.key("global"), context, known: keys) else {
      return global
    }
    if let listen = reader.string("listen"),
      AddressSyntax.check(listen, at: reader.value("listen"), reader.path.key("listen"), context, listener: true)
    {
      global.listen = listen
    }
    if let database = reader.string("database") {
      if database.isEmpty {
        context.report(.invalidValue, at: reader.value("database"), reader.path.key("database").message("must not be empty"))
      } else {
        global.databasePath = databasePath(database, context)
      }
    }
    let interval = reader.duration("interval", allowZero: false)
    let timeout = reader.duration("timeout", allowZero: false)
    global.interval = interval ?? global.interval
    global.timeout = timeout ?? global.timeout
    if interval != nil || timeout != nil, global.timeout >= global.interval {
      let key = timeout != nil ? "timeout" : "interval"
      context.report(
        .invalidValue, at: reader.value(key),
        reader.path.key(key).message(TimingCheck.message(timeout: global.timeout, interval: global.interval)))
    }
    global.maxConcurrentProbes = reader.int("max_concurrent_probes", atLeast: 1) ?? global.maxConcurrentProbes
    global.shutdownGracePeriod = reader.duration("shutdown_grace_period", allowZero: true) ?? global.shutdownGracePeriod
    if let sharding = reader.mapping("sharding", known: ["total", "index"]) {
      global.sharding = decodeSharding(sharding)
    }
    if let retention = reader.mapping("retention", known: ["raw", "minute", "hour"]) {
      global.retention.raw = retention.duration("raw", allowZero: false) ?? global.retention.raw
      global.retention.minute = retention.duration("minute", allowZero: false) ?? global.retention.minute
      global.retention.hour = retention.duration("hour", allowZero: false) ?? global.retention.hour
    }
    return global
  }

  /// `{total: N, index: i}` with N >= 1 and 0 <= i < N.
  private static func decodeSharding(_ reader: MappingReader) -> Sharding? {
    if reader.node.isNull { return nil }
    guard reader.has("total") else {
      reader.reportMissing("total")
      return nil
    }
    guard reader.has("index") else {
      reader.reportMissing("index")
      return nil
    }
    guard let total = reader.int("total", atLeast: 1), let index = reader.int("index", atLeast: 0) else { return nil }
    guard index < total else {
      reader.context.report(
        .invalidValue, at: reader.value("index"),
        reader.path.key("index").message("must be less than total (\(total)), got \(index)"))
      return nil
    }
    return Sharding(total: total, index: index)
  }

  /// A relative database path goes into `$STATE_DIRECTORY` (systemd's; its first entry) or the working directory.
  private static func databasePath(_ path: String, _ context: DecodingContext) -> String {
    if path.hasPrefix("/") { return path }
    let state = context.environment["STATE_DIRECTORY"]?.split(separator: ":").first.map(String.init)
    let base = state.flatMap { $0.isEmpty ? nil : $0 } ?? context.workingDirectory
    return (base as NSString).appendingPathComponent(path)
  }
}
