import Foundation
import TestSupport
import Testing

/// `list`, `describe`, `call` and `health` against a real `reflectprobe-demo` over reflection: output text and the
/// documented exit codes (64 + status, 1 before a status, grpc_health_probe's codes for `health`).
@Suite(.serialized) struct OnlineCommandsTests {
  /// One demo per test (swift-testing makes an instance per test); killed when the instance goes.
  let demo: PeerProcess

  init() async throws { demo = try await PeerProcess.demo() }

  private func cli(_ arguments: [String], stdin: Data = Data()) throws -> CommandRunner.Result {
    try CommandRunner.run("reflectprobe", arguments, stdin: stdin, timeout: 60)
  }

  @Test func listsServicesAndMethodsThroughReflection() throws {
    let services = try cli(["list", "-plaintext", demo.address])
    #expect(services.status == 0)
    #expect(services.text.contains("api.users.UserService\n"))
    #expect(services.text.contains("grpc.health.v1.Health\n"))
    let methods = try cli(["list", "-plaintext", demo.address, "api.orders.OrderService"])
    #expect(methods.text == "api.orders.OrderService.PlaceOrder\napi.orders.OrderService.WatchOrder\n")
  }

  @Test func describesLikeGrpcurl() throws {
    let result = try cli(["describe", "-plaintext", demo.address, "api.users.Profile"])
    #expect(result.status == 0)
    #expect(
      result.text == """
        api.users.Profile is a message:
        message Profile {
          string display_name = 1;
          string bio = 2;
          optional string avatar_url = 3;
        }

        """)
  }

  @Test func unaryCallPrintsTheResponse() throws {
    let result = try cli(["call", "-plaintext", "-d", #"{"userId": 2}"#, demo.address, "api.users.UserService/GetUser"])
    #expect(result.status == 0)
    #expect(result.text.hasPrefix("{\n  \"userId\": \"2\",\n"))
  }

  @Test func metadataIsSentAndErrorsExitWith64PlusStatus() throws {
    let request = #"{"userId": 1, "profile": {"bio": "hi"}, "fieldMask": "profile.bio"}"#
    let method = "api.users.UserService.UpdateProfile"
    let missing = try cli(["call", "-plaintext", "-d", request, demo.address, method])
    #expect(missing.status == 64 + 16)
    #expect(missing.stderr.contains("Code: UNAUTHENTICATED"))
    let wrong = try cli(["call", "-plaintext", "-H", "x-api-key: nope", "-d", request, demo.address, method])
    #expect(wrong.status == 64 + 7)
    let ok = try cli(["call", "-plaintext", "-H", "x-api-key: demo-key", "-d", request, demo.address, method])
    #expect(ok.status == 0)
    #expect(ok.text.contains("\"bio\": \"hi\""))
  }

  @Test func notFoundCarriesDetailsAndFormatsAsJSON() throws {
    let result = try cli(
      ["call", "-plaintext", "-format-error", "-d", #"{"userId": 42}"#, demo.address, "api.users.UserService/GetUser"])
    #expect(result.status == 64 + 5)
    #expect(result.stderr.contains("\"code\": 5"))
    #expect(result.stderr.contains("google.rpc.ErrorInfo"))
    #expect(result.stderr.contains("USER_NOT_FOUND"))
  }

  @Test func streamsInBothDirections() throws {
    let server = try cli(["call", "-plaintext", "-d", #"{"pageSize": 2}"#, demo.address, "api.users.UserService/ListUsers"])
    #expect(server.status == 0)
    #expect(server.text.components(separatedBy: "\"email\"").count - 1 >= 2)
    let client = try cli(
      ["call", "-plaintext", "-d", "@", demo.address, "api.users.UserService/CreateUsers"],
      stdin: Data(#"{"email": "x@example.com"} {"email": "y@example.com"}"#.utf8))
    #expect(client.status == 0)
    #expect(client.text.contains("\"created\": 2"))
    let bidi = try cli(
      ["call", "-plaintext", "-d", #"{"text": "one"}{"text": "two"}"#, demo.address, "api.users.UserService/Chat"])
    #expect(bidi.status == 0)
    #expect(bidi.text.contains("\"echo: one\"") && bidi.text.contains("\"echo: two\""))
  }

  @Test func badInputIsAClearFailure() throws {
    let badJSON = try cli(["call", "-plaintext", "-d", #"{"userId": "x"}"#, demo.address, "api.users.UserService/GetUser"])
    #expect(badJSON.status == 1)
    #expect(badJSON.stderr.contains("$.userId"))
    let badMethod = try cli(["call", "-plaintext", "-d", "{}", demo.address, "api.users.UserService/Nope"])
    #expect(badMethod.status == 1)
    #expect(badMethod.stderr.contains("Nope"))
    let badAddress = try cli(["list", "-plaintext", "localhost:notaport"])
    #expect([1, 2].contains(badAddress.status))
    let closed = try cli(["list", "-plaintext", "-connect-timeout", "5", "127.0.0.1:1"])
    #expect(closed.status == 1)
    #expect(closed.stderr.contains("127.0.0.1:1"))
  }

  @Test func deadlineExceededExits68() throws {
    let result = try cli(
      ["call", "-plaintext", "-max-time", "0.2", "-d", #"{"orderId": "ord-1000"}"#, demo.address,
       "api.orders.OrderService/WatchOrder"])
    #expect(result.status == 64 + 4)
  }

  /// GetUser's answer is ~160 bytes. Over 4× the limit the transport refuses it (limit 10), under that the
  /// client's own check does (limit 100): both read the same, with the caller's limit, like grpcurl.
  @Test(arguments: [10, 100]) func oversizeResponseExits72NamingTheLimit(limit: Int) throws {
    let method = "api.users.UserService/GetUser"
    let request = #"{"userId": 1}"#
    let fits = try cli(["call", "-plaintext", "-max-msg-sz", "4096", "-d", request, demo.address, method])
    #expect(fits.status == 0)
    let result = try cli(["call", "-plaintext", "-max-msg-sz", "\(limit)", "-d", request, demo.address, method])
    #expect(result.status == 64 + 8, "stderr: \(result.stderr)")
    #expect(result.text.isEmpty)
    #expect(result.stderr.hasPrefix("ERROR:\n  Code: RESOURCE_EXHAUSTED\n"), "stderr: \(result.stderr)")
    let size = try #require(Self.reportedSize(result.stderr), "stderr: \(result.stderr)")
    #expect(size > limit && size < 400)
    #expect(result.stderr.contains("  Message: received message larger than max (\(size) vs. \(limit))\n"))
    #expect(result.stderr.contains("-max-msg-sz"), "stderr: \(result.stderr)")
  }

  /// The size in grpcurl's message: `larger than max (SIZE vs. LIMIT)`.
  private static func reportedSize(_ stderr: String) -> Int? {
    guard let open = stderr.range(of: "larger than max (") else { return nil }
    return Int(stderr[open.upperBound...].prefix(while: { $0.isNumber }))
  }

  @Test func healthUsesProbeExitCodes() throws {
    let serving = try cli(["health", "-plaintext", demo.address])
    #expect(serving.status == 0)
    #expect(serving.text == "SERVING\n")
    #expect(try cli(["health", "-plaintext", demo.address, "no.Such"]).status == 3)
    #expect(try cli(["health", "-plaintext", "-connect-timeout", "5", "127.0.0.1:1"]).status == 2)
  }
}
