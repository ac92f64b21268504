import AgentConfig
import Foundation
import GRPCDynamic
import ProbeStore
import SwiftProtobuf
import Testing

@testable import ProbeAgent

/// The discovery prober against the real demo server and Python grpcio peer: snapshots, drift, counts.
@Suite struct DiscoveryProberTests {
  static let discovery = ProbeKind.discovery(DiscoveryProbeSettings())

  @Test func firstRunIsTheBaselineThenNothingChanges() async throws {
    try await withTemporaryStore { store in try await firstRunIsTheBaselineThenNothingChanges(store) }
  }

  func firstRunIsTheBaselineThenNothingChanges(_ store: some HistoryStore) async throws {
    try await withPeer(PeerProcess.demo()) { peer in
      try await ProbeHarness.with(store: store) { harness in
        let target = ProbeHarness.target(peer.address)
        let first = try await harness.run(Self.discovery, on: target)
        #expect(first.sample.success, "\(first.summary)")
        #expect(first.drift.isEmpty)
        // Users, products, orders and the admin service (health and reflection are ignored by default).
        #expect(first.serviceCount == 4)
        #expect(first.methodCount == 11)
        #expect(first.phases["reflection"] ?? 0 > 0)
        #expect(first.phases["connect"] ?? 0 > 0)
        let snapshot = try #require(try await store.latestSnapshot(target: "demo"))
        #expect(snapshot.target == "demo")
        let schema = try CanonicalSchema(jsonText: snapshot.json)
        #expect(snapshot.hash == schema.hash)
        #expect(
          schema.services.keys.sorted() == [
            "api.orders.OrderService", "api.products.ProductService", "api.users.UserService",
            "reflectprobe.demo.Admin",
          ])
        let listUsers = try #require(schema.services["api.users.UserService"]?.methods["ListUsers"])
        #expect(
          listUsers == .init(input: "api.users.ListUsersRequest", output: "api.users.User", serverStreaming: true))
        let user = try #require(schema.messages["api.users.User"])
        #expect(user.fields["user_id"] == .init(number: 1, type: "int64"))
        #expect(user.fields["labels"] == .init(number: 7, type: "map<string,string>", label: "repeated"))
        #expect(
          user.fields["addresses"]
            == .init(number: 6, type: "message", label: "repeated", typeName: "api.users.Address"))
        #expect(user.fields["created_at"]?.typeName == "google.protobuf.Timestamp")
        #expect(schema.messages["google.protobuf.Timestamp"] != nil)
        #expect(schema.messages["api.users.User.LabelsEntry"] == nil)
        #expect(schema.enums["api.users.Role"]?.values == ["ROLE_UNSPECIFIED": 0, "ROLE_MEMBER": 1, "ROLE_ADMIN": 2])

        let second = try await harness.run(Self.discovery, on: target)
        #expect(second.sample.success && second.drift.isEmpty, "\(second.summary)")
        // Unchanged: the first snapshot stays the latest, and no drift was recorded.
        #expect(try await store.latestSnapshot(target: "demo") == snapshot)
        #expect(try await store.allDrift().isEmpty)
      }
    }
  }

  @Test func missingRequiredServicesFailNamingThem() async throws {
    try await withPeer(PeerProcess.demo()) { peer in
      try await ProbeHarness.with { harness in
        var settings = DiscoveryProbeSettings()
        settings.requiredServices = ["api.users.UserService", "api.billing.BillingService", "api.audit.AuditService"]
        let outcome = try await harness.run(.discovery(settings), on: ProbeHarness.target(peer.address))
        #expect(!outcome.sample.success)
        #expect(outcome.sample.statusCode == 0)
        let error = try #require(outcome.sample.error)
        #expect(
          error.hasPrefix("required services missing: api.billing.BillingService, api.audit.AuditService (listed: "),
          "\(error)")
        // Counted and snapshotted all the same.
        #expect(outcome.serviceCount == 4)
      }
    }
  }

  @Test func ignoredServicesAreLeftOut() async throws {
    try await withPeer(PeerProcess.demo()) { peer in
      try await ProbeHarness.with { harness in
        var settings = DiscoveryProbeSettings()
        settings.ignoredServices += ["reflectprobe.demo.Admin", "api.orders.OrderService"]
        let outcome = try await harness.run(.discovery(settings), on: ProbeHarness.target(peer.address))
        #expect(outcome.sample.success, "\(outcome.summary)")
        #expect(outcome.serviceCount == 2 && outcome.methodCount == 7)
      }
    }
  }

  /// The Python peer restarted with a changed `.proto`: the second discovery reports each change once.
  @Test func driftBetweenTwoSchemasOfThePythonPeer() async throws {
    try await withTemporaryStore { store in try await driftBetweenTwoSchemasOfThePythonPeer(store) }
  }

  func driftBetweenTwoSchemasOfThePythonPeer(_ store: some HistoryStore) async throws {
    let changed = try Self.changedPeerProto()
    defer { try? FileManager.default.removeItem(at: changed.deletingLastPathComponent()) }
    let before = try await withPeer(PeerProcess.python()) { peer in
      try await ProbeHarness.with(store: store) { harness in
        try await harness.run(Self.discovery, on: ProbeHarness.target(peer.address, name: "peer"))
      }
    }
    #expect(before.sample.success && before.drift.isEmpty, "\(before.summary)")
    #expect(before.serviceCount == 2 && before.methodCount == 7)
    let baseline = try #require(try await store.latestSnapshot(target: "peer"))
    let after = try await withPeer(PeerProcess.python(["--proto", changed.path])) { peer in
      try await ProbeHarness.with(store: store) { harness in
        try await harness.run(Self.discovery, on: ProbeHarness.target(peer.address, name: "peer"))
      }
    }
    #expect(after.sample.success, "\(after.summary)")
    #expect(
      after.drift.map { "\($0.kind.rawValue): \($0.detail)" } == [
        "breaking: method peer.v1.Peer/Count changed from server streaming to unary",
        "breaking: method peer.v1.Peer/Fail removed",
        "additive: method peer.v1.Peer/Ping added",
        "additive: field peer.v1.EchoReply.nickname added",
        "breaking: field peer.v1.SumReply.total changed type from int64 to string",
        "breaking: enum value peer.v1.Mood.MOOD_GRUMPY removed",
      ])
    #expect(after.drift.allSatisfy { $0.target == "peer" })
    #expect(try await store.allDrift() == after.drift.map { "\($0.kind.rawValue): \($0.detail)" })
    let latest = try #require(try await store.latestSnapshot(target: "peer"))
    #expect(latest.hash != baseline.hash)
  }

  /// Two different servers under one target name: the pure diff of their snapshots.
  @Test func driftBetweenTheDemoAndThePythonPeer() async throws {
    try await withTemporaryStore { store in try await driftBetweenTheDemoAndThePythonPeer(store) }
  }

  func driftBetweenTheDemoAndThePythonPeer(_ store: some HistoryStore) async throws {
    let starts: [@Sendable () async throws -> PeerProcess] = [{ try await .demo() }, { try await .python() }]
    var snapshots: [SchemaSnapshot] = []
    for start in starts {
      let outcome = try await withPeer(start()) { peer in
        try await ProbeHarness.with(store: store) { harness in
          try await harness.run(Self.discovery, on: ProbeHarness.target(peer.address, name: "moving"))
        }
      }
      #expect(outcome.sample.success, "\(outcome.summary)")
      snapshots.append(try #require(try await store.latestSnapshot(target: "moving")))
    }
    // The pure diff of the two stored snapshots is what the probe recorded.
    let events = try SchemaDiff.driftEvents(from: snapshots[0], to: snapshots[1])
    #expect(try await store.allDrift() == events.map { "\($0.kind.rawValue): \($0.detail)" })
    let details = Set(events.map { "\($0.kind.rawValue): \($0.detail)" })
    for removed in [
      "api.users.UserService", "api.products.ProductService", "api.orders.OrderService", "reflectprobe.demo.Admin",
    ] {
      #expect(details.contains("breaking: service \(removed) removed"))
    }
    #expect(details.contains("additive: service peer.v1.Peer added"))
    #expect(details.contains("additive: message peer.v1.EchoRequest added"))
    #expect(details.contains("additive: enum peer.v1.Mood added"))
    #expect(!details.contains { $0.contains("api.users.User ") })
  }

  /// A server protecting reflection with a header: the target's metadata goes along as reflection headers.
  @Test func targetMetadataReachesReflection() async throws {
    try await withPeer(PeerProcess.testServer(["--plaintext", "--reflection-header", "authorization=Bearer t0ken"])) {
      peer in
      try await ProbeHarness.with { harness in
        var settings = DiscoveryProbeSettings()
        settings.requiredServices = ["grpc.health.v1.Health"]
        var target = ProbeHarness.target(peer.address, name: "protected")
        let refused = try await harness.run(.discovery(settings), on: target)
        #expect(!refused.sample.success && refused.sample.statusCode == 16, "\(refused.summary)")
        target.metadata = [MetadataEntry(name: "authorization", value: "Bearer t0ken")]
        let allowed = try await harness.run(.discovery(settings), on: target)
        #expect(allowed.sample.success, "\(allowed.summary)")
        // Only health and reflection are served, and both are ignored.
        #expect(allowed.serviceCount == 0 && allowed.methodCount == 0)
      }
    }
  }

  /// No reflection on the server: the target's protoset describes it (and the demo's own schema comes out).
  @Test func protosetOnlyTarget() async throws {
    let protoset = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString).protoset")
    defer { try? FileManager.default.removeItem(at: protoset) }
    // Written from a reflecting demo, as a user would with `grpcurl -protoset-out`.
    try await withPeer(PeerProcess.demo()) { peer in
      try await withConnectionPool { pool in
        let client = try DynamicClient(target: peer.address, options: .plaintext, pool: pool)
        let files = try await client.descriptorPoolOfAllServices().fileDescriptorSet
        try files.serializedData().write(to: protoset)
      }
    }
    try await withPeer(PeerProcess.demo(["--reflection", "none"])) { peer in
      try await ProbeHarness.with { harness in
        var target = ProbeHarness.target(peer.address)
        let reflecting = try await harness.run(Self.discovery, on: target)
        // The server's answer to reflection is the status reached.
        #expect(!reflecting.sample.success && reflecting.sample.statusCode == 12, "\(reflecting.summary)")
        #expect(reflecting.sample.error?.contains("does not support the reflection API") == true)
        target.reflection = false
        target.protosets = [protoset.path]
        let outcome = try await harness.run(Self.discovery, on: target)
        #expect(outcome.sample.success, "\(outcome.summary)")
        #expect(outcome.serviceCount == 4 && outcome.methodCount == 11)
        let invoked = try await harness.run(
          invoke(
            "api.users.UserService/GetUser", #"{"user_id": 2}"#,
            assertions: [ResponseAssertion(path: "email", check: .equals(#""alan@example.com""#))]), on: target)
        #expect(invoked.sample.success, "\(invoked.summary)")
      }
    }
  }

  /// peer.proto with: Fail removed, Ping added, Count made unary, EchoReply.nickname added, SumReply.total made
  /// a string, MOOD_GRUMPY removed. Written as `peer.proto` in a fresh directory (the peer registers the file by
  /// that name).
  static func changedPeerProto() throws -> URL {
    let original = PeerProcess.repoRoot.appendingPathComponent("Tests/Scripts/peer.proto")
    var text = try String(contentsOf: original, encoding: .utf8)
    let edits = [
      ("  rpc Fail(FailRequest) returns (EchoReply);\n", "  rpc Ping(EchoRequest) returns (EchoReply);\n"),
      ("rpc Count(CountRequest) returns (stream CountReply);", "rpc Count(CountRequest) returns (CountReply);"),
      ("  MOOD_GRUMPY = 2;\n", ""),
      (
        "  google.protobuf.Timestamp received_at = 6;\n",
        "  google.protobuf.Timestamp received_at = 6;\n  string nickname = 7;\n"
      ),
      ("  int64 total = 1;\n", "  string total = 1;\n"),
    ]
    for (old, new) in edits {
      guard text.contains(old) else { throw PeerError("peer.proto no longer contains \(old)") }
      text = text.replacingOccurrences(of: old, with: new)
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("peer-proto-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent("peer.proto")
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file
  }
}
