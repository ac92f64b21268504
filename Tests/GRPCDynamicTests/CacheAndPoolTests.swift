import GRPCDynamic
import Testing

/// The descriptor cache and the connection pool, observed from the server: the demo counts reflection streams and
/// the distinct connections its calls arrive on (`reflectprobe.demo.Admin/Stats`, read without reflection).
@Suite struct CacheAndPoolTests {
  /// A reflecting client and a stats reader sharing one pool (and so one connection).
  func withClients<R: Sendable>(
    _ peer: PeerProcess, configuration: ConnectionPool.Configuration,
    _ body: (_ client: DynamicClient, _ stats: @Sendable () async throws -> [String: Int]) async throws -> R
  ) async throws -> R {
    try await withConnectionPool(configuration: configuration) { pool in
      let client = try DynamicClient(target: peer.address, options: TestClients.options, pool: pool)
      let admin = try DynamicClient(target: peer.address, options: TestClients.adminOnlyOptions(), pool: pool)
      return try await body(client, { try await TestClients.demoStats(admin) })
    }
  }

  @Test func listServicesIsCachedForTheTTL() async throws {
    // A TTL long enough that a loaded machine cannot stretch "at once" past it, short enough to wait out.
    let ttl = Duration.seconds(3)
    try await withPeer(.demo()) { peer in
      try await withClients(peer, configuration: .init(descriptorCacheTTL: ttl)) { client, stats in
        #expect(try await stats()["reflectionStreams"] == 0)
        _ = try await client.listServices()
        let fetched = ContinuousClock.now
        #expect(try await stats()["reflectionStreams"] == 1)
        _ = try await client.listServices()
        #expect(try await stats()["reflectionStreams"] == 1, "a second list within the TTL opens no stream")
        try await Task.sleep(until: fetched + ttl + .milliseconds(200))
        _ = try await client.listServices()
        #expect(try await stats()["reflectionStreams"] == 2, "after the TTL the list is fetched again")
      }
    }
  }

  @Test func zeroTTLDisablesTheCache() async throws {
    try await withPeer(.demo()) { peer in
      try await withClients(peer, configuration: .init(descriptorCacheTTL: .zero)) { client, stats in
        _ = try await client.listServices()
        _ = try await client.listServices()
        #expect(try await stats()["reflectionStreams"] == 2)
      }
    }
  }

  @Test func fiftyConcurrentFirstCallsOpenOneStream() async throws {
    try await withPeer(.demo()) { peer in
      try await withClients(peer, configuration: .init()) { client, stats in
        try await withThrowingTaskGroup(of: String.self) { group in
          for _ in 0..<50 {
            group.addTask { try await client.invoke("api.users.UserService/GetUser", json: #"{"userId": 1}"#).json }
          }
          var count = 0
          for try await json in group {
            #expect(json.contains("\"userId\""))
            count += 1
          }
          #expect(count == 50)
        }
        let counters = try await stats()
        #expect(counters["reflectionStreams"] == 1)
        // The reflection stream is a call too.
        #expect(counters["calls"] == 51)
      }
    }
  }

  @Test func hundredInvokesUseOneConnection() async throws {
    try await withPeer(.demo()) { peer in
      try await withClients(peer, configuration: .init()) { client, stats in
        try await withThrowingTaskGroup(of: Void.self) { group in
          for i in 0..<100 {
            group.addTask {
              _ = try await client.invoke("api.users.UserService/GetUser", json: #"{"userId": \#(i % 3 + 1)}"#)
            }
          }
          try await group.waitForAll()
        }
        // Sequential calls from a second client value with the same settings share it too.
        let other = try DynamicClient(target: peer.address, options: TestClients.options, pool: client.pool)
        _ = try await other.invoke("api.products.ProductService/GetProduct", json: #"{"sku": "SKU-001"}"#)
        let counters = try await stats()
        #expect(counters["calls"] == 101 + (counters["reflectionStreams"] ?? 0))
        // Unary calls on a plaintext target have a connection of their own; the reflection stream went on
        // grpc-swift's.
        #expect(counters["connections"] == 2, "one connection for the 101 unary calls, one for reflection")
        #expect(client.pool.openClientCount == 1)
      }
    }
  }

  @Test func healthChecksAloneOpenOneConnection() async throws {
    try await withPeer(.demo()) { peer in
      try await withClients(peer, configuration: .init()) { client, stats in
        for _ in 0..<20 { #expect(try await client.healthCheck() == .serving) }
        let counters = try await stats()
        #expect(counters["connections"] == 1, "grpc-swift's client is not started for unary calls alone")
      }
    }
  }

  @Test func idleConnectionsAreClosedAndReopened() async throws {
    try await withPeer(.demo()) { peer in
      try await withClients(peer, configuration: .init(idleTimeout: .milliseconds(300))) { client, stats in
        _ = try await client.invoke("api.users.UserService/GetUser", json: #"{"userId": 1}"#)
        try await waitUntil { client.pool.openClientCount == 0 }
        _ = try await client.invoke("api.users.UserService/GetUser", json: #"{"userId": 2}"#)
        let counters = try await stats()
        // Reflection's connection and the first call's, then the second call's.
        #expect(counters["connections"] == 3, "the second call came on a new connection")
        #expect(counters["reflectionStreams"] == 1, "descriptors outlive the connection")
      }
    }
  }

  @Test func unimplementedForACachedMethodRefreshesTheCache() async throws {
    // Descriptors cached from the demo; then the demo goes and the Python peer takes its port: the cached method
    // answers UNIMPLEMENTED, the cache is refreshed and the method is reported as gone.
    let demo = try await PeerProcess.demo()
    let port = String(demo.address.split(separator: ":").last!)
    var options = TestClients.options
    options.connection.backoff = .init(initial: .milliseconds(50), maximum: .milliseconds(200))
    try await withConnectionPool { pool in
      let client = try DynamicClient(target: demo.address, options: options, pool: pool)
      _ = try await client.invoke("api.users.UserService/GetUser", json: #"{"userId": 1}"#)
      #expect(try await client.listServices().contains("api.users.UserService"))
      demo.stop()
      try await withPeer(.python(["--port", port])) { _ in
        // The pooled connection may still be backing off from the moment no server listened: calls fail fast
        // with UNAVAILABLE (no wait-for-ready, as grpcurl) until it reconnects.
        var handler = RecordingHandler()
        var error = DynamicClientError(.rpcFailed, "not called")
        let deadline = ContinuousClock.now + .seconds(10)
        repeat {
          handler = RecordingHandler()
          error = try await expectClientError {
            _ = try await client.invoke("api.users.UserService/GetUser", json: #"{"userId": 1}"#, handler: handler)
          }
          if error.status?.code == .unavailable { try await Task.sleep(for: .milliseconds(50)) }
        } while error.status?.code == .unavailable && ContinuousClock.now < deadline
        #expect(error.code == .serviceNotFound, "\(error.message)")
        #expect(!handler.events.contains { if case .trailers = $0 { true } else { false } })
        // Everything cached for the target was dropped: the list is the new server's.
        #expect(try await client.listServices().contains("peer.v1.Peer"))
      }
    }
  }
}
