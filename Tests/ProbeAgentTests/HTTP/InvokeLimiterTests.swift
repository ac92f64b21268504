import Testing

@testable import ProbeAgent

@Suite struct InvokeLimiterTests {
  @Test func refusesBeyondTheLimitAndFreesSlots() {
    let limiter = InvokeLimiter(limit: 2)
    #expect(limiter.acquire() && limiter.acquire())
    #expect(!limiter.acquire())
    limiter.release()
    #expect(limiter.acquire() && limiter.current == 2)
  }

  @Test func constantTimeComparison() {
    #expect(BearerAuthMiddleware.constantTimeEquals(Array("abc".utf8), Array("abc".utf8)))
    #expect(!BearerAuthMiddleware.constantTimeEquals(Array("abc".utf8), Array("abd".utf8)))
    #expect(!BearerAuthMiddleware.constantTimeEquals(Array("abc".utf8), Array("abcd".utf8)))
    #expect(!BearerAuthMiddleware.constantTimeEquals([], Array("a".utf8)))
  }
}
