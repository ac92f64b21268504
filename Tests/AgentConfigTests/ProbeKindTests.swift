import Testing

@testable import AgentConfig

@Suite struct ProbeKindTests {
  @Test func kindNamesAreTheYAMLKeys() {
    #expect(ProbeKind.health(HealthProbeSettings()).name == "health")
    #expect(ProbeKind.discovery(DiscoveryProbeSettings()).name == "discovery")
    #expect(ProbeKind.invoke(InvokeProbeSettings(method: "a.B/C")).name == "invoke")
  }
}
