import Foundation

/// Times a closure: warms up, then runs it in rounds until `minSeconds` have passed (at most `maxIterations`
/// calls), and reports the mean time per call.
struct Timing {
  var minSeconds = 1.0
  var maxIterations = 2_000_000

  func nanosPerCall(_ body: () throws -> Void) rethrows -> Double {
    for _ in 0..<50 { try body() }
    var iterations = 0
    var batch = 16
    let start = DispatchTime.now().uptimeNanoseconds
    var elapsed: UInt64 = 0
    while iterations < maxIterations {
      for _ in 0..<batch { try body() }
      iterations += batch
      elapsed = DispatchTime.now().uptimeNanoseconds - start
      if Double(elapsed) / 1e9 >= minSeconds { break }
      batch = min(batch * 2, 4096)
    }
    return Double(elapsed) / Double(iterations)
  }
}

/// A row of the report: a figure next to its reference and the ratio between them.
struct ReportRow {
  var name: String
  var value: String
  var reference: String
  var ratio: String
  var goal: String

  static func printTable(_ title: String, _ rows: [ReportRow]) {
    print("\n## \(title)\n")
    let header = ReportRow(name: "benchmark", value: "value", reference: "reference", ratio: "ratio", goal: "goal")
    let all = [header] + rows
    let widths = [all.map(\.name.count).max()!, all.map(\.value.count).max()!, all.map(\.reference.count).max()!,
                  all.map(\.ratio.count).max()!, all.map(\.goal.count).max()!]
    for (i, row) in all.enumerated() {
      let cells = [row.name, row.value, row.reference, row.ratio, row.goal]
      print("| " + zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |")
      if i == 0 { print("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|") }
    }
  }
}
