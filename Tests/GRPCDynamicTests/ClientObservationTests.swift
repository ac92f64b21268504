import Foundation
import GRPCDynamic
import Testing

/// A client's own descriptor cache TTL, and what its pooled connection observed (establishment time, TLS
/// certificate expiry) — the hooks the agent's probers read.
@Suite struct ClientObservationTests {
  func options(ttl: Duration?) -> DynamicClientOptions {
    var options = TestClients.options
    options.descriptorCacheTTL = ttl
    return options
  }

  @Test func aClientTTLOverridesThePools() async throws {
    let ttl = Duration.seconds(3)
    try await withPeer(.demo()) { peer in
      try await withConnectionPool(configuration: .init(descriptorCacheTTL: .seconds(300))) { pool in
        let admin = try DynamicClient(target: peer.address, options: TestClients.adminOnlyOptions(), pool: pool)
        let short = try DynamicClient(target: peer.address, options: options(ttl: ttl), pool: pool)
        _ = try await short.listServices()
        let fetched = ContinuousClock.now
        _ = try await short.listServices()
        #expect(try await TestClients.demoStats(admin)["reflectionStreams"] == 1)
        try await Task.sleep(until: fetched + ttl + .milliseconds(200))
        _ = try await short.listServices()
        #expect(try await TestClients.demoStats(admin)["reflectionStreams"] == 2, "the client's TTL expired")
        // TTL zero: this client never caches, whatever the pool says.
        let uncached = try DynamicClient(target: peer.address, options: options(ttl: .zero), pool: pool)
        _ = try await uncached.listServices()
        _ = try await uncached.listServices()
        #expect(try await TestClients.demoStats(admin)["reflectionStreams"] == 4)
      }
    }
  }

  @Test func negativeTTLIsRejected() {
    #expect(throws: DynamicClientError.self) { try options(ttl: .seconds(-1)).validate() }
  }

  @Test func connectionObservationOfAPlaintextConnection() async throws {
    try await withPeer(.demo()) { peer in
      try await TestClients.with(peer.address) { client in
        #expect(client.connectionObservation == nil, "no connection before the first call")
        let before = ContinuousClock.now
        #expect(try await client.healthCheck() == .serving)
        let observed = try #require(client.connectionObservation)
        #expect(observed.everReady)
        let readyAt = try #require(observed.lastReadyAt)
        #expect(readyAt >= before && readyAt <= .now)
        let establishment = try #require(observed.lastEstablishmentDuration)
        #expect(establishment > .zero && establishment <= ContinuousClock.now - before)
        #expect(observed.peerCertificateNotAfter == nil)
        // Reused, not re-established.
        _ = try await client.healthCheck()
        #expect(client.connectionObservation == observed)
      }
    }
  }

  @Test func connectionObservationOfATLSConnection() async throws {
    let pki = try await TestCertificates.make()
    defer { pki.remove() }
    try await withPeer(pki.startServer()) { peer in
      var options = TestClients.options
      options.connection.security = .tls(TLSOptions(caCertificatePath: pki.caCertificate, serverName: "localhost"))
      try await TestClients.with(peer.address, options: options) { client in
        #expect(try await client.healthCheck() == .serving)
        // The test certificates are valid for two days.
        let notAfter = try #require(client.connectionObservation?.peerCertificateNotAfter)
        let now = Date().timeIntervalSince1970
        #expect(notAfter > now + 86_400 && notAfter < now + 3 * 86_400)
      }
    }
  }

  @Test func neverReadyConnection() async throws {
    let (fd, port) = try LocalSockets.silentListener()
    defer { close(fd) }
    try await TestClients.with("127.0.0.1:\(port)") { client in
      _ = try? await client.healthCheck(timeout: .milliseconds(300))
      let observed = try #require(client.connectionObservation)
      #expect(!observed.everReady && observed.lastReadyAt == nil && observed.lastEstablishmentDuration == nil)
    }
  }
}
