import GRPCCore
import NIOCore
import NIOEmbedded
import NIOHPACK
import Testing

@testable import GRPCDynamic

/// The lean unary path's reading of a server's frames, frame by frame: what a well-behaved server sends, and each
/// way a server can get it wrong (the same codes and messages as grpc-swift's transport).
@Suite struct UnaryExchangeTests {
  private static func ok(_ extra: (String, String)...) -> HPACKHeaders {
    HPACKHeaders([(":status", "200"), ("content-type", "application/grpc")] + extra)
  }

  private final class Run {
    let loop = EmbeddedEventLoop()
    var exchange: UnaryExchange
    let future: EventLoopFuture<UnaryOutcome>

    init(maxResponseBytes: Int = 1024) {
      let promise = loop.makePromise(of: UnaryOutcome.self)
      exchange = UnaryExchange(maxResponseBytes: maxResponseBytes, promise: promise)
      future = promise.futureResult
    }

    func headers(_ block: HPACKHeaders, end: Bool = false) -> Bool {
      exchange.receive(headers: block, endStream: end)
    }

    func data(_ bytes: ByteBuffer, end: Bool = false) -> Bool {
      exchange.receive(data: bytes, endStream: end)
    }

    func fail(_ error: RPCError) -> Bool { exchange.fail(error) }

    func outcome() async throws -> UnaryOutcome {
      #expect(exchange.isDone)
      return try await future.get()
    }

    func error() async throws -> RPCError {
      let outcome = try await outcome()
      guard case .failure(let error) = outcome.result else {
        Issue.record("expected a failure, got \(outcome.result)")
        return RPCError(code: .unknown, message: "")
      }
      return error
    }
  }

  private static func framed(_ message: [UInt8], compressed: Bool = false, declaredLength: Int? = nil) -> ByteBuffer {
    var buffer = ByteBuffer()
    buffer.writeInteger(UInt8(compressed ? 1 : 0))
    buffer.writeInteger(UInt32(declaredLength ?? message.count))
    buffer.writeBytes(message)
    return buffer
  }

  @Test func messageSplitAcrossFramesThenTrailers() async throws {
    let run = Run()
    #expect(run.headers(Self.ok(("x-h", "1"))))
    var whole = Self.framed([1, 2, 3, 4, 5, 6])
    let head = whole.readSlice(length: 3)!
    #expect(run.data(head))
    #expect(run.data(whole))
    #expect(!run.exchange.isDone)
    let trailers = HPACKHeaders([("grpc-status", "0"), ("x-t-bin", "AAEC"), ("x-t", "v")])
    #expect(run.headers(trailers, end: true))
    let outcome = try await run.outcome()
    #expect(outcome.message == [1, 2, 3, 4, 5, 6])
    #expect(outcome.headers.map { Array($0[stringValues: "x-h"]) } == ["1"])
    let received = try outcome.result.get()
    #expect(Array(received[binaryValues: "x-t-bin"]) == [[0, 1, 2]])
    #expect(Array(received[stringValues: "x-t"]) == ["v"])
    #expect(Array(received[stringValues: "grpc-status"]).isEmpty)
  }

  @Test func trailersOnlyStatusWithPercentEncodedMessage() async throws {
    let run = Run()
    let block = Self.ok(("grpc-status", "5"), ("grpc-message", "no%20such%20user%zz%E2%9C%93"))
    #expect(run.headers(block, end: true))
    let error = try await run.error()
    #expect(error.code == .notFound)
    #expect(error.message == "no such user%zz✓")
    #expect(try await run.outcome().headers == nil)
  }

  @Test(arguments: [
    ("503", RPCError.Code.unavailable), ("404", .unimplemented), ("401", .unauthenticated),
    ("403", .permissionDenied), ("400", .internalError), ("500", .unknown),
  ])
  func httpStatusesMapToCodes(status: String, code: RPCError.Code) async throws {
    let run = Run()
    #expect(!run.headers([":status": status, "content-type": "text/html"]))
    let error = try await run.error()
    #expect(error.code == code)
    #expect(error.message.hasPrefix("Unexpected non-200 HTTP Status Code (\(status)"), "\(error.message)")
  }

  @Test func informationalHeadersAreSkipped() async throws {
    let run = Run()
    #expect(run.headers([":status": "100"]))
    #expect(run.headers(Self.ok()))
    #expect(run.data(Self.framed([])))
    #expect(run.headers(HPACKHeaders([("grpc-status", "0")]), end: true))
    #expect(try await run.outcome().message == [])
  }

  @Test func missingContentTypeIsInternal() async throws {
    let run = Run()
    #expect(!run.headers([":status": "200"]))
    let error = try await run.error()
    #expect(error.code == .internalError)
    #expect(error.message == "Missing content-type header")
  }

  @Test func secondMessageIsUnimplemented() async throws {
    let run = Run()
    _ = run.headers(Self.ok())
    var two = Self.framed([1])
    two.writeImmutableBuffer(Self.framed([2]))
    #expect(!run.data(two))
    let error = try await run.error()
    #expect(error.code == .unimplemented)
    #expect(error.message.hasPrefix("Multiple messages received, but only one is expected."))
  }

  @Test func oversizeMessageIsRefusedFromItsPrefix() async throws {
    let run = Run(maxResponseBytes: 10)
    _ = run.headers(Self.ok())
    // Only the prefix has arrived: the declared length is enough to refuse it.
    #expect(!run.data(Self.framed([], declaredLength: 11)))
    let error = try await run.error()
    #expect(error.code == .resourceExhausted)
    #expect(error.message.contains("(max: 10, actual: 11)"), "\(error.message)")
  }

  @Test func compressedMessageOrEncodingIsRefused() async throws {
    let compressed = Run()
    _ = compressed.headers(Self.ok())
    #expect(!compressed.data(Self.framed([1], compressed: true)))
    #expect(try await compressed.error().code == .internalError)

    let gzip = Run()
    #expect(!gzip.headers(Self.ok(("grpc-encoding", "gzip"))))
    let error = try await gzip.error()
    #expect(error.code == .internalError)
    #expect(error.message.contains("('gzip')"))
  }

  @Test func streamEndingWithoutStatusOrWithABadOne() async throws {
    let noStatus = Run()
    _ = noStatus.headers(Self.ok())
    #expect(!noStatus.data(Self.framed([1]), end: true))
    #expect(try await noStatus.error().message == "The server ended the stream without a status.")

    let bad = Run()
    _ = bad.headers(Self.ok())
    #expect(bad.headers(HPACKHeaders([("grpc-status", "abc")]), end: true))
    let error = try await bad.error()
    #expect(error.code == .unknown)
    #expect(error.message == "Invalid 'grpc-status' in trailers (abc)")
  }

  @Test func dataBeforeHeadersAndLateFailuresAreHandledOnce() async throws {
    let early = Run()
    #expect(!early.data(Self.framed([1])))
    #expect(try await early.error().code == .internalError)

    let done = Run()
    _ = done.headers(Self.ok(("grpc-status", "0")), end: true)
    // A reset or a closed connection after the status changes nothing (the promise completes once).
    #expect(!done.fail(RPCError(code: .unavailable, message: "late")))
    #expect(done.data(Self.framed([1])))
    let outcome = try await done.outcome()
    guard case .success = outcome.result else {
      Issue.record("a late failure replaced the status: \(outcome.result)")
      return
    }
  }

  @Test func percentDecodingAndBinaryMetadata() {
    #expect(UnaryExchange.percentDecoded("a%41b%4") == "aAb%4")
    #expect(UnaryExchange.percentDecoded("plain") == "plain")
    let received = Metadata(
      HPACKHeaders([("a-bin", "AAEC"), ("b-bin", "AAE"), ("c-bin", "not base64!"), ("d", "AAE")]))
    #expect(Array(received[binaryValues: "a-bin"]) == [[0, 1, 2]])
    #expect(Array(received[binaryValues: "b-bin"]) == [[0, 1]], "unpadded, as gRPC senders write it")
    #expect(Array(received[stringValues: "c-bin"]) == ["not base64!"], "kept as text")
    #expect(Array(received[stringValues: "d"]) == ["AAE"])
  }
}
