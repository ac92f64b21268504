import Testing

/// Collects mismatches: records the first ``DifferentialTests/maxReported`` as issues, counts the rest, and
/// prints a summary line.
struct Failures {
  private(set) var count = 0

  mutating func record(_ text: String) {
    count += 1
    if count <= DifferentialTests.maxReported { Issue.record("\(text)") }
  }

  func finish(_ what: String, checks: Int) {
    print("differential \(what): \(checks) checks, \(count) mismatches")
    if count > DifferentialTests.maxReported {
      Issue.record("\(count - DifferentialTests.maxReported) more \(what) mismatches not shown")
    }
  }
}
