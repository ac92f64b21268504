import AgentConfig
import Foundation
import GRPCDynamic
import Testing

@testable import ProbeAgent

/// The invoke prober against the real demo server and Python peer: statuses, metadata, latency, streams,
/// assertions and deadlines.
@Suite struct InvokeProberTests {
  static let getUser = "api.users.UserService/GetUser"

  @Test func unarySuccessWithEveryAssertionKind() async throws {
    let assertions: [ResponseAssertion] = [
      .init(path: "profile.displayName", check: .equals(#""Ada Lovelace""#)),
      .init(path: "profile.display_name", check: .equals(#""Ada Lovelace""#)),
      .init(path: "user_id", check: .equals("1")),
      .init(path: "userId", check: .equals(#""1""#)),
      .init(path: "email", check: .notEquals(#""alan@example.com""#)),
      .init(path: "role", check: .exists(true)),
      .init(path: "profile.avatar_url", check: .exists(true)),
      .init(path: "nickname", check: .exists(false)),
      .init(path: "email", check: .matches("@example\\.com$")),
      .init(path: "addresses[0].city", check: .equals(#""London""#)),
      .init(path: "labels.team", check: .equals(#""engines""#)),
      .init(path: "created_at", check: .matches("^2023-")),
      .init(path: "userId", check: .greaterThan(0)),
      .init(path: "userId", check: .greaterOrEqual(1)),
      .init(path: "userId", check: .lessThan(2)),
      .init(path: "userId", check: .lessOrEqual(1)),
    ]
    try await withPeer(PeerProcess.demo()) { peer in
      try await ProbeHarness.with { harness in
        let target = ProbeHarness.target(peer.address)
        let outcome = try await harness.run(
          invoke(Self.getUser, #"{"user_id": 1}"#, assertions: assertions), on: target)
        #expect(outcome.sample.success, "\(outcome.summary)")
        #expect(outcome.sample.statusCode == 0 && outcome.sample.error == nil)
        for phase in ["connect", "reflection", "call"] { #expect(outcome.phases[phase] ?? 0 > 0, "\(phase)") }
        let total = outcome.phases.values.reduce(0, +)
        #expect(total <= outcome.sample.latency + 0.001)
        // Descriptors come from the cache the second time, over the same connection.
        let again = try await harness.run(invoke(Self.getUser, #"{"user_id": 1}"#, assertions: assertions), on: target)
        #expect(again.sample.success, "\(again.summary)")
        #expect(again.phases["connect"] == 0)
        #expect(again.phases["reflection"] ?? 1 < outcome.phases["reflection"] ?? 0)
      }
    }
  }

  /// Each kind of assertion failing on a real response, with its reason.
  @Test func failingAssertionsNameActualAndExpected() async throws {
    let cases: [(ResponseAssertion, String)] = [
      (
        .init(path: "profile.displayName", check: .equals(#""Bob""#)),
        #"assertion failed: profile.displayName is "Alan Turing", expected "Bob""#
      ),
      (
        .init(path: "email", check: .notEquals(#""alan@example.com""#)),
        #"assertion failed: email is "alan@example.com", expected any other value"#
      ),
      (
        .init(path: "profile.avatar_url", check: .exists(true)),
        "assertion failed: profile.avatar_url is absent, expected it to exist"
      ),
      (
        .init(path: "role", check: .exists(false)),
        #"assertion failed: role is "ROLE_MEMBER", expected it to be absent"#
      ),
      (
        .init(path: "email", check: .matches("^ada@")),
        #"assertion failed: email is "alan@example.com", expected to match /^ada@/"#
      ),
      (.init(path: "user_id", check: .greaterThan(2)), #"assertion failed: user_id is "2", expected > 2"#),
      (.init(path: "user_id", check: .greaterOrEqual(3)), #"assertion failed: user_id is "2", expected >= 3"#),
      (.init(path: "user_id", check: .lessThan(2)), #"assertion failed: user_id is "2", expected < 2"#),
      (.init(path: "user_id", check: .lessOrEqual(1.5)), #"assertion failed: user_id is "2", expected <= 1.5"#),
      (
        .init(path: "addresses[0].city", check: .equals(#""London""#)),
        #"assertion failed: addresses[0].city is absent, expected "London""#
      ),
    ]
    try await withPeer(PeerProcess.demo()) { peer in
      try await ProbeHarness.with { harness in
        let target = ProbeHarness.target(peer.address)
        for (assertion, reason) in cases {
          let outcome = try await harness.run(
            invoke(Self.getUser, #"{"user_id": 2}"#, assertions: [assertion]), on: target)
          #expect(!outcome.sample.success)
          #expect(outcome.sample.statusCode == 0)
          #expect(outcome.sample.error == reason)
        }
      }
    }
  }

  @Test func expectedNotFoundSucceedsUnexpectedFails() async throws {
    try await withPeer(PeerProcess.demo()) { peer in
      try await ProbeHarness.with { harness in
        let target = ProbeHarness.target(peer.address)
        let expected = try await harness.run(invoke(Self.getUser, #"{"user_id": 42}"#, code: 5), on: target)
        #expect(expected.sample.success, "\(expected.summary)")
        #expect(expected.sample.statusCode == 5 && expected.sample.error == nil)
        let unexpected = try await harness.run(invoke(Self.getUser, #"{"user_id": 42}"#), on: target)
        #expect(!unexpected.sample.success)
        #expect(unexpected.sample.statusCode == 5)
        #expect(unexpected.sample.error == "status NOT_FOUND, expected OK: user 42 not found")
        let found = try await harness.run(invoke(Self.getUser, #"{"user_id": 1}"#, code: 5), on: target)
        #expect(!found.sample.success && found.sample.statusCode == 0)
        #expect(found.sample.error == "status OK, expected NOT_FOUND")
      }
    }
  }

  @Test func updateProfileNeedsTheAPIKeyMetadata() async throws {
    let update = #"{"user_id": 3, "profile": {"bio": "Admiral"}, "field_mask": "bio"}"#
    let assertions = [ResponseAssertion(path: "profile.bio", check: .equals(#""Admiral""#))]
    try await withPeer(PeerProcess.demo()) { peer in
      try await ProbeHarness.with { harness in
        let method = "api.users.UserService/UpdateProfile"
        var target = ProbeHarness.target(peer.address)
        let anonymous = try await harness.run(invoke(method, update, assertions: assertions), on: target)
        #expect(!anonymous.sample.success)
        #expect(anonymous.sample.statusCode == 16)
        #expect(anonymous.sample.error == "status UNAUTHENTICATED, expected OK: missing x-api-key request header")
        // The target's metadata goes with the call (and with reflection).
        target.metadata = [MetadataEntry(name: "x-api-key", value: "demo-key", secret: true)]
        let authorised = try await harness.run(invoke(method, update, assertions: assertions), on: target)
        #expect(authorised.sample.success, "\(authorised.summary)")
        // The probe's own metadata is added after the target's: a second key is not the valid one.
        let wrong = try await harness.run(
          invoke(method, update, metadata: [MetadataEntry(name: "x-api-key", value: "wrong-key")]),
          on: ProbeHarness.target(peer.address))
        #expect(wrong.sample.statusCode == 7, "\(wrong.summary)")
      }
    }
  }

  @Test func secretsInServerMessagesAreRedacted() async throws {
    try await withPeer(PeerProcess.python()) { peer in
      try await ProbeHarness.with { harness in
        var target = ProbeHarness.target(peer.address, name: "peer")
        target.metadata = [MetadataEntry(name: "authorization", value: "Bearer s3cr3t-t0ken")]
        let outcome = try await harness.run(
          invoke("peer.v1.Peer/Fail", #"{"code": 16, "message": "token Bearer s3cr3t-t0ken rejected"}"#), on: target)
        #expect(outcome.sample.statusCode == 16)
        #expect(outcome.sample.error == "status UNAUTHENTICATED, expected OK: token <redacted> rejected")
      }
    }
  }

  @Test func latencyExpectationFails() async throws {
    try await withPeer(PeerProcess.python()) { peer in
      try await ProbeHarness.with { harness in
        let target = ProbeHarness.target(peer.address, name: "peer")
        let slow = try await harness.run(
          invoke("peer.v1.Peer/Slow", #"{"delay": "0.4s"}"#, maxLatency: .milliseconds(100)), on: target)
        #expect(!slow.sample.success)
        #expect(slow.sample.statusCode == 0)
        let error = try #require(slow.sample.error)
        #expect(error.hasPrefix("call took ") && error.hasSuffix(", expected at most 100ms"), "\(error)")
        #expect(slow.phases["call"] ?? 0 >= 0.35)
        // Comfortably inside the bound: fine.
        let fast = try await harness.run(
          invoke("peer.v1.Peer/Echo", #"{"text": "hi"}"#, maxLatency: .seconds(10)), on: target)
        #expect(fast.sample.success, "\(fast.summary)")
      }
    }
  }

  @Test func serverStreamIsCutAtMaxResponses() async throws {
    try await withPeer(PeerProcess.python()) { peer in
      try await ProbeHarness.with { harness in
        let target = ProbeHarness.target(peer.address, name: "peer")
        // 1000 responses 100 ms apart would take 100 s: the probe takes three and cancels.
        let outcome = try await harness.run(
          invoke(
            "peer.v1.Peer/Count", #"{"count": 1000, "interval_ms": 100}"#,
            assertions: [ResponseAssertion(path: "n", check: .equals("1"))], maxResponses: 3),
          on: target, timeout: .seconds(20))
        #expect(outcome.sample.success, "\(outcome.summary)")
        #expect(outcome.sample.statusCode == 0)
        #expect(outcome.phases["call"] ?? 0 >= 0.15 && outcome.sample.latency < 20, "\(outcome.summary)")
      }
    }
    try await withPeer(PeerProcess.demo()) { peer in
      try await ProbeHarness.with { harness in
        // Fewer responses than the limit: the stream ends on its own, OK.
        let outcome = try await harness.run(
          invoke(
            "api.users.UserService/ListUsers", "{}",
            assertions: [ResponseAssertion(path: "email", check: .equals(#""ada@example.com""#))], maxResponses: 10),
          on: ProbeHarness.target(peer.address))
        #expect(outcome.sample.success, "\(outcome.summary)")
        // A stream failing with a status: NOT_FOUND for an unknown order, as expected.
        let missing = try await harness.run(
          invoke("api.orders.OrderService/WatchOrder", #"{"order_id": "ord-0"}"#, code: 5),
          on: ProbeHarness.target(peer.address))
        #expect(missing.sample.success && missing.sample.statusCode == 5, "\(missing.summary)")
      }
    }
  }

  @Test func unusableMethodsFailWithoutStatus() async throws {
    try await withPeer(PeerProcess.demo()) { peer in
      try await ProbeHarness.with { harness in
        let target = ProbeHarness.target(peer.address)
        let unknown = try await harness.run(invoke("api.users.UserService/DeleteUser"), on: target)
        #expect(!unknown.sample.success && unknown.sample.statusCode == nil)
        #expect(unknown.sample.error?.contains(#"has no method "DeleteUser""#) == true, "\(unknown.summary)")
        let clientStreaming = try await harness.run(invoke("api.users.UserService/CreateUsers"), on: target)
        #expect(!clientStreaming.sample.success && clientStreaming.sample.statusCode == nil)
        #expect(
          clientStreaming.sample.error
            == "api.users.UserService/CreateUsers is client streaming: invoke probes call unary and server-streaming methods only"
        )
        let badRequest = try await harness.run(invoke(Self.getUser, #"{"user_id": "one"}"#), on: target)
        #expect(!badRequest.sample.success && badRequest.sample.statusCode == nil, "\(badRequest.summary)")
      }
    }
  }

  @Test func blackholedSocketEndsAtTheProbeTimeout() async throws {
    let (fd, port) = try LocalSockets.silentListener()
    defer { close(fd) }
    try await ProbeHarness.with { harness in
      let outcome = try await harness.run(
        invoke(Self.getUser, #"{"user_id": 1}"#), on: ProbeHarness.target("127.0.0.1:\(port)"),
        timeout: .milliseconds(1500))
      #expect(!outcome.sample.success)
      #expect(outcome.sample.statusCode == 4, "\(outcome.summary)")
      // Ended by the probe's deadline (status 4), not by a connect timeout; wide bounds against a loaded machine.
      #expect(outcome.sample.latency >= 1.4 && outcome.sample.latency < 10, "\(outcome.summary)")
      #expect(outcome.sample.error?.contains("became ready") == true, "\(outcome.summary)")
    }
  }
}
