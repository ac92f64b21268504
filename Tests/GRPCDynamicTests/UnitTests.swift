import GRPCDynamic
import Synchronization
import Testing

/// The pieces that need no server: names, metadata, message splitting, status codes, the descriptor cache.
@Suite struct UnitTests {
  @Test(arguments: [
    ("pkg.Svc/Method", "pkg.Svc", "Method"), ("/pkg.Svc/Method", "pkg.Svc", "Method"),
    ("pkg.Svc.Method", "pkg.Svc", "Method"), ("a.b.c.Svc.M", "a.b.c.Svc", "M"), ("Svc/M", "Svc", "M"),
  ])
  func methodNames(text: String, service: String, method: String) throws {
    let name = try MethodName(parsing: text)
    #expect(name.service == service)
    #expect(name.method == method)
  }

  @Test(arguments: ["Method", "pkg.Svc/", "/M", "", "a/b/c", "pkg.Svc."])
  func badMethodNames(text: String) {
    #expect(throws: DynamicClientError.self) { try MethodName(parsing: text) }
  }

  @Test func headerLines() throws {
    let metadata = try RPCMetadata(parsingHeaderLines: ["X-Api-Key: demo-key", "x-trace:  a b ", "x-id-bin: AAEC"])
    #expect(metadata.entries.map(\.name) == ["x-api-key", "x-trace", "x-id-bin"])
    #expect(metadata["x-api-key"] == "demo-key")
    #expect(metadata["X-TRACE"] == "a b")
    #expect(metadata.entries[2].isBinary)
    #expect(metadata.description == "x-api-key: demo-key\nx-trace: a b\nx-id-bin: AAEC")
    #expect(throws: DynamicClientError.self) { try RPCMetadata(parsingHeaderLines: ["no colon"]) }
    #expect(throws: DynamicClientError.self) { try RPCMetadata(parsingHeaderLines: [": empty name"]) }
    #expect(throws: DynamicClientError.self) { try RPCMetadata(parsingHeaderLines: ["x-bin: not base64!"]) }
  }

  @Test func statusCodeNames() {
    #expect(RPCStatusCode.allCodes.count == 17)
    #expect(RPCStatusCode.notFound.name == "NOT_FOUND")
    #expect(RPCStatusCode.unauthenticated.rawValue == 16)
    #expect(RPCStatusCode(name: "permission_denied") == .permissionDenied)
    #expect(RPCStatusCode(rawValue: 99).name == "CODE(99)")
    let status = RPCStatus(code: .notFound, message: "no \"user\"")
    #expect(status.json(indent: nil) == #"{"code":5,"message":"no \"user\""}"#)
    #expect(status.json(indent: 2) == "{\n  \"code\": 5,\n  \"message\": \"no \\\"user\\\"\"\n}")
  }

  @Test func exitCodes() {
    #expect(DynamicClientError(.rpcFailed, "x", status: RPCStatus(code: .notFound)).exitCode == 69)
    #expect(DynamicClientError(.responseTooLarge, "x", status: RPCStatus(code: .resourceExhausted)).exitCode == 72)
    #expect(DynamicClientError(.connectionFailed, "x").exitCode == 1)
    #expect(DynamicClientError(.reflectionNotSupported, "x").exitCode == 1)
    #expect(DynamicClientError(.invalidArgument, "x").exitCode == 2)
  }

  @Test func splitsConcatenatedMessages() throws {
    #expect(try JSONMessageStream.split(#"{"a": 1} {"b": "}{"}"#) == [#"{"a": 1}"#, #"{"b": "}{"}"#])
    #expect(
      try JSONMessageStream.split("{\"a\": [1, {\"c\": \"\\\"\"}]}\n\n{}\n") == [
        "{\"a\": [1, {\"c\": \"\\\"\"}]}", "{}",
      ])
    #expect(try JSONMessageStream.split("  \n ") == [])
    #expect(throws: DynamicClientError.self) { try JSONMessageStream.split(#"{"a": 1"#) }
    #expect(throws: DynamicClientError.self) { try JSONMessageStream.split(#"{"a": "x}"#) }
    #expect(throws: DynamicClientError.self) { try JSONMessageStream.split("}") }
  }
}

/// The descriptor cache on its own: single flight, TTL, errors, cancellation, invalidation.
@Suite struct DescriptorCacheTests {
  /// Counts fetches; each fetch waits for `release` so callers overlap.
  final class SlowFetch: Sendable {
    let count = Mutex(0)
    func fetch(_ value: Int, delay: Duration = .milliseconds(100)) async throws -> Int {
      count.withLock { $0 += 1 }
      try await Task.sleep(for: delay)
      return value
    }
  }

  @Test func concurrentCallersShareOneFetch() async throws {
    let cache = DescriptorCache(ttl: .seconds(60))
    let slow = SlowFetch()
    try await withThrowingTaskGroup(of: Int.self) { group in
      for _ in 0..<50 {
        group.addTask { try await cache.value(target: "t", query: "q") { try await slow.fetch(7) } }
      }
      for try await value in group { #expect(value == 7) }
    }
    #expect(slow.count.withLock { $0 } == 1)
    #expect(cache.fetchCount == 1)
    // A hit, now.
    let (value, cached) = try await cache.lookup(target: "t", query: "q") { try await slow.fetch(8) }
    #expect(value == 7 && cached)
  }

  @Test func ttlExpiresAndZeroDisables() async throws {
    let cache = DescriptorCache(ttl: .milliseconds(100))
    let slow = SlowFetch()
    _ = try await cache.value(target: "t", query: "q") { try await slow.fetch(1, delay: .zero) }
    _ = try await cache.value(target: "t", query: "q") { try await slow.fetch(2, delay: .zero) }
    #expect(slow.count.withLock { $0 } == 1)
    try await Task.sleep(for: .milliseconds(150))
    #expect(try await cache.value(target: "t", query: "q") { try await slow.fetch(3, delay: .zero) } == 3)

    let off = DescriptorCache(ttl: .zero)
    _ = try await off.value(target: "t", query: "q") { try await slow.fetch(4, delay: .zero) }
    _ = try await off.value(target: "t", query: "q") { try await slow.fetch(5, delay: .zero) }
    #expect(off.fetchCount == 2)
  }

  @Test func errorsAreSharedButNotCached() async throws {
    struct Boom: Error {}
    let cache = DescriptorCache()
    let attempts = SlowFetch()
    await withTaskGroup(of: Bool.self) { group in
      for _ in 0..<10 {
        group.addTask {
          do {
            _ = try await cache.value(target: "t", query: "q") { () async throws -> Int in
              attempts.count.withLock { $0 += 1 }
              try await Task.sleep(for: .milliseconds(100))
              throw Boom()
            }
            return false
          } catch { return error is Boom }
        }
      }
      for await failed in group { #expect(failed) }
    }
    #expect(attempts.count.withLock { $0 } == 1)
    #expect(try await cache.value(target: "t", query: "q") { 42 } == 42)
  }

  @Test func aCancelledLeaderHandsOver() async throws {
    let cache = DescriptorCache()
    let slow = SlowFetch()
    let leader = Task { try await cache.value(target: "t", query: "q") { try await slow.fetch(1, delay: .seconds(5)) } }
    try await Task.sleep(for: .milliseconds(50))
    async let follower = cache.value(target: "t", query: "q") { try await slow.fetch(2, delay: .milliseconds(10)) }
    try await Task.sleep(for: .milliseconds(50))
    leader.cancel()
    #expect(try await follower == 2)
    #expect(slow.count.withLock { $0 } == 2)
  }

  @Test func invalidateDropsATargetsEntries() async throws {
    let cache = DescriptorCache()
    _ = try await cache.value(target: "a", query: "q") { 1 }
    _ = try await cache.value(target: "b", query: "q") { 1 }
    cache.invalidate(target: "a")
    #expect(try await cache.value(target: "a", query: "q") { 2 } == 2)
    #expect(try await cache.value(target: "b", query: "q") { 2 } == 1)
  }
}
