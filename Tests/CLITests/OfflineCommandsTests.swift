import Foundation
import Testing

/// `list`, `describe` and `convert` on a protoset, run as the real binary: output and documented exit codes.
@Suite struct OfflineCommandsTests {
  let protoset: String

  init() throws { protoset = try CommandRunner.demoProtoset() }

  @Test func listsServicesAndMethods() throws {
    let services = try CommandRunner.run("reflectprobe", ["list", "-protoset", protoset])
    #expect(services.status == 0)
    #expect(services.text == "api.orders.OrderService\napi.products.ProductService\napi.users.UserService\n")
    let methods = try CommandRunner.run("reflectprobe", ["list", "--protoset", protoset, "api.orders.OrderService"])
    #expect(methods.text == "api.orders.OrderService.PlaceOrder\napi.orders.OrderService.WatchOrder\n")
  }

  @Test func describesAMethodLikeGrpcurl() throws {
    let result = try CommandRunner.run("reflectprobe", ["describe", "-protoset", protoset, "api.users.UserService.ListUsers"])
    #expect(result.status == 0)
    #expect(
      result.text == """
        api.users.UserService.ListUsers is a method:
        rpc ListUsers ( .api.users.ListUsersRequest ) returns ( stream .api.users.User );

        """)
  }

  @Test func describeWithTemplate() throws {
    let result = try CommandRunner.run(
      "reflectprobe", ["describe", "-protoset", protoset, ".api.users.GetUserRequest", "-msg-template"])
    #expect(result.status == 0)
    #expect(result.text.hasSuffix("Message template:\n{\n  \"userId\": \"0\"\n}\n"))
  }

  @Test func convertRoundTripsThroughBinary() throws {
    let json = Data(#"{"sku": "A-1", "price": {"currencyCode": "EUR", "units": "12", "nanos": 500000000}, "tags": ["x"], "stock": 3}"#.utf8)
    let binary = try CommandRunner.run(
      "reflectprobe", ["convert", "-protoset", protoset, "-type", "api.products.Product", "-from", "json", "-to", "binary"],
      stdin: json)
    #expect(binary.status == 0)
    let back = try CommandRunner.run(
      "reflectprobe",
      ["convert", "-protoset", protoset, "-type", "api.products.Product", "-from", "binary", "-to", "json", "-compact"],
      stdin: binary.stdout)
    #expect(back.status == 0)
    #expect(back.text == #"{"sku":"A-1","price":{"currencyCode":"EUR","units":"12","nanos":500000000},"tags":["x"],"stock":3}"# + "\n")
  }

  @Test(arguments: [
    (#"{"addresses": [{"city": "a"}, {"city": 7}]}"#, "$.addresses[1].city"),
    (#"{"nope": 1}"#, "unknown field \"nope\""),
    (#"{"role": "ROLE_KING"}"#, "ROLE_KING"),
    (#"{"userId": "9223372036854775808"}"#, "$.userId"),
    (#"{"createdAt": "2024-13-01T00:00:00Z"}"#, "$.createdAt"),
    ("{", "$"),
  ])
  func badJSONExitsOneAndNamesThePath(input: String, expected: String) throws {
    let result = try CommandRunner.run(
      "reflectprobe", ["convert", "-protoset", protoset, "-type", "api.users.User", "-from", "json", "-to", "binary"],
      stdin: Data(input.utf8))
    #expect(result.status == 1)
    #expect(result.stderr.contains(expected), "stderr: \(result.stderr)")
  }

  @Test func truncatedBinaryExitsOne() throws {
    let result = try CommandRunner.run(
      "reflectprobe", ["convert", "-protoset", protoset, "-type", "api.users.User", "-from", "binary", "-to", "json"],
      stdin: Data([0x12, 0x05, 0x61]))
    #expect(result.status == 1)
    #expect(result.stderr.contains("truncated"))
  }

  @Test func usageErrorsExitTwo() throws {
    #expect(try CommandRunner.run("reflectprobe", ["list"]).status == 2)
    #expect(try CommandRunner.run("reflectprobe", ["list", "-protoset", protoset, "--bogus"]).status == 2)
    #expect(try CommandRunner.run("reflectprobe", ["convert", "-protoset", protoset, "-type", "x", "-from", "yaml", "-to", "json"]).status == 2)
  }

  @Test(arguments: [
    ("-max-time", "1e300"), ("-max-time", "nan"), ("-connect-timeout", "inf"), ("-keepalive-time", "0"),
  ])
  func secondsFlagsOutOfRangeExitTwo(flag: String, value: String) throws {
    let result = try CommandRunner.run("reflectprobe", ["list", "-protoset", protoset, flag, value])
    #expect(result.status == 2)
    #expect(result.stderr.contains("\(flag) must be a positive number of seconds, at most 9223372036"), "\(result.stderr)")
  }

  @Test func missingThingsExitOne() throws {
    let noFile = try CommandRunner.run("reflectprobe", ["list", "-protoset", "/nonexistent.protoset"])
    #expect(noFile.status == 1)
    #expect(noFile.stderr.contains("cannot read protoset file"))
    let noSymbol = try CommandRunner.run("reflectprobe", ["describe", "-protoset", protoset, "api.Nope"])
    #expect(noSymbol.status == 1)
    #expect(noSymbol.stderr.contains("symbol not found: api.Nope"))
  }
}
