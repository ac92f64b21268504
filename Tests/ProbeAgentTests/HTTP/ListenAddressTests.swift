import Testing

@testable import ProbeAgent

@Suite struct ListenAddressTests {
  @Test func parsesHostPortForms() throws {
    #expect(try ListenAddress(parsing: "127.0.0.1:9464") == ListenAddress(host: "127.0.0.1", port: 9464))
    #expect(try ListenAddress(parsing: ":9464") == ListenAddress(host: "0.0.0.0", port: 9464))
    #expect(try ListenAddress(parsing: "[::1]:0") == ListenAddress(host: "::1", port: 0))
    #expect(try ListenAddress(parsing: "localhost:80").description == "localhost:80")
    #expect(try ListenAddress(parsing: "[::1]:9464").description == "[::1]:9464")
  }

  @Test(arguments: ["9464", "127.0.0.1", "127.0.0.1:http", "127.0.0.1:70000", "::1:9464"])
  func rejects(_ text: String) {
    #expect(throws: AgentHTTPError.self) { try ListenAddress(parsing: text) }
  }
}
