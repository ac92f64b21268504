import GRPCDynamic
import Testing

/// grpc.health.v1 Check and Watch against both peers, statuses switched through their admin services.
@Suite struct HealthTests {
  /// A peer and how to switch its health.
  enum Peer: String, CaseIterable, CustomTestStringConvertible {
    case demo, python
    var testDescription: String { rawValue }

    func start() async throws -> PeerProcess { self == .demo ? try await .demo() : try await .python() }

    var service: String { self == .demo ? "api.users.UserService" : "peer.v1.Peer" }

    func setHealth(_ client: DynamicClient, _ service: String, _ status: String) async throws {
      let method = self == .demo ? "reflectprobe.demo.Admin/SetHealth" : "peer.v1.PeerAdmin/SetHealth"
      _ = try await client.invoke(method, json: #"{"service": "\#(service)", "status": "\#(status)"}"#)
    }
  }

  @Test(arguments: Peer.allCases)
  func check(peer kind: Peer) async throws {
    try await withPeer(kind.start()) { peer in
      try await TestClients.with(peer.address) { client in
        #expect(try await client.healthCheck() == .serving)
        #expect(try await client.healthCheck(service: kind.service) == .serving)
        try await kind.setHealth(client, kind.service, "NOT_SERVING")
        #expect(try await client.healthCheck(service: kind.service) == .notServing)
        let unknown = try await expectClientError { _ = try await client.healthCheck(service: "no.such.Service") }
        #expect(unknown.code == .rpcFailed)
        #expect(unknown.status?.code == .notFound)
      }
    }
  }

  @Test(arguments: Peer.allCases)
  func watchSeesChanges(peer kind: Peer) async throws {
    try await withPeer(kind.start()) { peer in
      try await TestClients.with(peer.address) { client in
        let seen = SharedList<HealthStatus>()
        try await withThrowingTaskGroup(of: Void.self) { group in
          group.addTask {
            try await client.healthWatch(service: kind.service, timeout: .seconds(20)) { status in
              seen.append(status) < 3
            }
          }
          // Wait for the initial status, then flip twice.
          try await waitUntil { seen.count >= 1 }
          try await kind.setHealth(client, kind.service, "NOT_SERVING")
          try await waitUntil { seen.count >= 2 }
          try await kind.setHealth(client, kind.service, "SERVING")
          try await group.waitForAll()
        }
        #expect(seen.items == [.serving, .notServing, .serving])
      }
    }
  }

  @Test func watchEndsAtTheDeadline() async throws {
    try await withPeer(.demo()) { peer in
      try await TestClients.with(peer.address) { client in
        let error = try await expectClientError {
          try await client.healthWatch(timeout: .milliseconds(300)) { _ in true }
        }
        #expect(error.status?.code == .deadlineExceeded)
      }
    }
  }
}

/// Polls `condition` every 10 ms for at most `timeout`.
func waitUntil(timeout: Duration = .seconds(10), _ condition: () -> Bool) async throws {
  let deadline = ContinuousClock.now + timeout
  while !condition() {
    guard ContinuousClock.now < deadline else { throw PeerError("condition not met within \(timeout)") }
    try await Task.sleep(for: .milliseconds(10))
  }
}
