/// Where a value sits in the config, printed the way messages name keys: `targets[0].probes[1].timeout`.
struct ConfigPath: CustomStringConvertible, Sendable {
  enum Part: Sendable {
    case key(String)
    case index(Int)
  }

  var parts: [Part] = []

  static let root = ConfigPath()

  func key(_ name: String) -> ConfigPath { ConfigPath(parts: parts + [.key(name)]) }
  func index(_ index: Int) -> ConfigPath { ConfigPath(parts: parts + [.index(index)]) }

  /// The last key, if the path ends in one.
  var lastKey: String? {
    if case .key(let name) = parts.last { return name }
    return nil
  }

  var description: String {
    var text = ""
    for part in parts {
      switch part {
      case .key(let name): text += text.isEmpty ? name : ".\(name)"
      case .index(let index): text += "[\(index)]"
      }
    }
    return text
  }

  /// `PATH: problem`, or just the problem at the top level.
  func message(_ problem: String) -> String {
    parts.isEmpty ? problem : "\(self): \(problem)"
  }
}
