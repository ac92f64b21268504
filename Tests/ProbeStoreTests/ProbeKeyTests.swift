import Testing

@testable import ProbeStore

@Suite struct ProbeKeyTests {
  @Test func ordersByTargetThenProbe() {
    let keys = [ProbeKey(target: "b", probe: "a"), ProbeKey(target: "a", probe: "z"), ProbeKey(target: "a", probe: "b")]
    #expect(keys.sorted().map(\.description) == ["a/b", "a/z", "b/a"])
  }
}
