import Foundation
import ProbeStore
import Testing

@testable import ProbeAgent

@Suite struct ProbeOutcomeTests {
  @Test func startsWithNoPhasesOrDrift() {
    let sample = ProbeSample(
      key: ProbeKey(target: "t", probe: "p"), time: Date(), success: true, statusCode: 0, latency: 0.01)
    let outcome = ProbeOutcome(sample: sample)
    #expect(outcome.phases.isEmpty && outcome.drift.isEmpty)
  }
}
