import GRPCDynamic
import Testing

/// TLS: custom CA, system roots, skip-verify, server name, mutual TLS, and mismatches with plaintext.
@Suite struct TLSTests {
  func clientOptions(_ tls: TLSOptions?) -> DynamicClientOptions {
    var options = TestClients.options
    options.connection.security = tls.map { .tls($0) } ?? .plaintext
    return options
  }

  @Test func trustedByTheGivenCA() async throws {
    let pki = try await TestCertificates.make()
    defer { pki.remove() }
    try await withPeer(pki.startServer()) { peer in
      // The certificate names localhost: dialling 127.0.0.1 verifies against the server-name override.
      let named = clientOptions(TLSOptions(caCertificatePath: pki.caCertificate, serverName: "localhost"))
      try await TestClients.with(peer.address, options: named) { client in
        let status = try await client.healthCheck()
        #expect(status == .serving)
        let services = try await client.listServices()
        #expect(services.contains("grpc.health.v1.Health"))
      }
      // -authority does the same.
      var authority = clientOptions(TLSOptions(caCertificatePath: pki.caCertificate))
      authority.connection.authority = "localhost"
      try await TestClients.with(peer.address, options: authority) { client in
        let status = try await client.healthCheck()
        #expect(status == .serving)
      }
    }
  }

  @Test func untrustedOrMisnamedCertificateIsATLSFailure() async throws {
    let pki = try await TestCertificates.make()
    defer { pki.remove() }
    try await withPeer(pki.startServer()) { peer in
      try await TestClients.with(peer.address, options: clientOptions(TLSOptions(serverName: "localhost"))) { client in
        let error = try await expectClientError { _ = try await client.healthCheck() }
        #expect(error.code == .tlsFailed, "\(error.message)")
        #expect(error.exitCode == 1)
      }
      for name in [nil, "other.example"] {
        let misnamed = clientOptions(TLSOptions(caCertificatePath: pki.caCertificate, serverName: name))
        try await TestClients.with(peer.address, options: misnamed) { client in
          let error = try await expectClientError { _ = try await client.listServices() }
          #expect(error.code == .tlsFailed, "\(error.message)")
        }
      }
      // -insecure: no verification at all.
      try await TestClients.with(peer.address, options: clientOptions(TLSOptions(insecureSkipVerify: true))) {
        client in
        let status = try await client.healthCheck()
        #expect(status == .serving)
      }
    }
  }

  @Test func mutualTLS() async throws {
    let pki = try await TestCertificates.make()
    defer { pki.remove() }
    try await withPeer(pki.startServer(mutual: true)) { peer in
      let withCertificate = TLSOptions(
        caCertificatePath: pki.caCertificate, certificatePath: pki.clientCertificate, keyPath: pki.clientKey,
        serverName: "localhost")
      try await TestClients.with(peer.address, options: clientOptions(withCertificate)) { client in
        let status = try await client.healthCheck()
        #expect(status == .serving)
      }
      let withoutCertificate = TLSOptions(caCertificatePath: pki.caCertificate, serverName: "localhost")
      try await TestClients.with(peer.address, options: clientOptions(withoutCertificate)) { client in
        let error = try await expectClientError { _ = try await client.healthCheck() }
        #expect([.tlsFailed, .connectionFailed].contains(error.code), "\(error.code): \(error.message)")
      }
    }
  }

  @Test func plaintextAgainstTLSAndBack() async throws {
    let pki = try await TestCertificates.make()
    defer { pki.remove() }
    try await withPeer(pki.startServer()) { peer in
      try await TestClients.with(peer.address, options: clientOptions(nil)) { client in
        let error = try await expectClientError { _ = try await client.healthCheck() }
        #expect(error.code == .connectionFailed, "\(error.message)")
        #expect(error.exitCode == 1)
      }
    }
    try await withPeer(.demo()) { peer in
      try await TestClients.with(peer.address, options: clientOptions(TLSOptions(insecureSkipVerify: true))) { client in
        let error = try await expectClientError { _ = try await client.listServices() }
        #expect(error.code == .tlsFailed, "\(error.message)")
        #expect(error.message.contains("-plaintext"))
      }
    }
  }

  @Test func unreadableCAFileIsATLSFailure() async throws {
    let options = clientOptions(TLSOptions(caCertificatePath: "/nonexistent/ca.pem"))
    try await TestClients.with("127.0.0.1:1", options: options) { client in
      let error = try await expectClientError { _ = try await client.healthCheck() }
      #expect(error.code == .tlsFailed, "\(error.message)")
    }
  }
}
