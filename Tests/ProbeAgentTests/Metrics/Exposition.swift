import Foundation

/// A parsed Prometheus text exposition, for assertions: series by name and labels, and the HELP/TYPE lines.
struct Exposition: Sendable {
  struct Sample: Equatable, Sendable {
    var name: String
    var labels: [String: String]
    var value: Double
  }

  var samples: [Sample] = []
  var help: [String: String] = [:]
  var types: [String: String] = [:]

  init(_ text: String) {
    for line in text.split(separator: "\n") {
      if line.hasPrefix("# HELP ") {
        let rest = line.dropFirst(7)
        let name = rest.prefix { $0 != " " }
        help[String(name)] = String(rest.dropFirst(name.count + 1))
      } else if line.hasPrefix("# TYPE ") {
        let parts = line.dropFirst(7).split(separator: " ")
        types[String(parts[0])] = String(parts[1])
      } else if !line.hasPrefix("#"), let sample = Self.parseSample(line) {
        samples.append(sample)
      }
    }
  }

  init(_ bytes: [UInt8]) { self.init(String(decoding: bytes, as: UTF8.self)) }

  /// Samples of `name` whose labels include `labels`.
  func find(_ name: String, _ labels: [String: String] = [:]) -> [Sample] {
    samples.filter { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }
  }

  /// The value of the one sample of `name` matching `labels`; nil if none or several.
  func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
    let found = find(name, labels)
    return found.count == 1 ? found[0].value : nil
  }

  private static func parseSample(_ line: Substring) -> Sample? {
    var labels: [String: String] = [:]
    let name: Substring
    var rest: Substring
    if let brace = line.firstIndex(of: "{") {
      name = line[..<brace]
      rest = line[line.index(after: brace)...]
      while let eq = rest.firstIndex(of: "=") {
        let key = rest[..<eq].trimmingCharacters(in: CharacterSet(charactersIn: ", "))
        rest = rest[rest.index(eq, offsetBy: 2)...]  // skip ="
        var value = ""
        var escaped = false
        while let c = rest.first {
          rest = rest.dropFirst()
          if escaped {
            value.append(c == "n" ? "\n" : c)
            escaped = false
          } else if c == "\\" {
            escaped = true
          } else if c == "\"" {
            break
          } else {
            value.append(c)
          }
        }
        labels[key] = value
        if rest.first == "}" { break }
      }
      guard let close = rest.firstIndex(of: "}") else { return nil }
      rest = rest[rest.index(after: close)...]
    } else {
      guard let space = line.firstIndex(of: " ") else { return nil }
      name = line[..<space]
      rest = line[space...]
    }
    guard let value = Double(rest.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") else {
      return nil
    }
    return Sample(name: String(name), labels: labels, value: value)
  }
}
