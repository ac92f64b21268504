import GRPCDynamic
import Testing

@testable import ProbeAgent

/// gRPC code → HTTP status, as grpc-gateway's `HTTPStatusFromCode`.
@Suite struct GRPCHTTPStatusTests {
  @Test func mapsEveryCodeLikeGRPCGateway() {
    let expected: [Int] = [200, 499, 500, 400, 504, 404, 409, 403, 429, 400, 409, 400, 501, 500, 503, 500, 401]
    #expect(RPCStatusCode.allCodes.map { GRPCHTTPStatus.status(for: $0).code } == expected)
    #expect(GRPCHTTPStatus.status(for: RPCStatusCode(rawValue: 42)).code == 500)
  }
}
