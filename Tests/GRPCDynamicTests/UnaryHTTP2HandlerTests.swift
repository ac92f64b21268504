import GRPCCore
import NIOCore
import NIOEmbedded
import NIOHPACK
import NIOHTTP2
import Testing

@testable import GRPCDynamic

/// The lean path's connection handler against a real swift-nio-http2 server handler, in process: two embedded
/// channels whose bytes are passed back and forth, the server side played frame by frame — what a server can do
/// to calls in flight that a well-behaved test server never does (GOAWAY below them, REFUSED_STREAM).
@Suite struct UnaryHTTP2HandlerTests {
  /// Records the frames the server side receives.
  private final class Recorder: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame
    var frames: [HTTP2Frame] = []
    func channelRead(context: ChannelHandlerContext, data: NIOAny) { frames.append(unwrapInboundIn(data)) }
  }

  private final class Link {
    let client = EmbeddedChannel()
    let server = EmbeddedChannel()
    let handler = UnaryHTTP2Handler(keepalive: nil)
    let recorder = Recorder()

    init() throws {
      try client.pipeline.syncOperations.addHandler(
        NIOHTTP2Handler(mode: .client, initialSettings: UnaryHTTP2Handler.settings))
      try client.pipeline.syncOperations.addHandler(handler)
      try server.pipeline.syncOperations.addHandler(NIOHTTP2Handler(mode: .server))
      try server.pipeline.syncOperations.addHandler(recorder)
      let address = try SocketAddress(ipAddress: "127.0.0.1", port: 1)
      _ = client.connect(to: address)
      _ = server.connect(to: address)
      try shuttle()
    }

    /// Moves bytes both ways until neither side has anything to send.
    func shuttle() throws {
      for _ in 0..<20 {
        var moved = false
        while let bytes = try client.readOutbound(as: ByteBuffer.self) {
          try server.writeInbound(bytes)
          moved = true
        }
        while let bytes = try server.readOutbound(as: ByteBuffer.self) {
          try client.writeInbound(bytes)
          moved = true
        }
        if !moved { return }
      }
    }

    /// Moves the client's bytes to the server only (the server's answers are lost).
    func deliverToServer() throws {
      while let bytes = try client.readOutbound(as: ByteBuffer.self) { try server.writeInbound(bytes) }
    }

    func start() -> (HTTP2StreamID?, EventLoopFuture<UnaryOutcome>) {
      let promise = client.eventLoop.makePromise(of: UnaryOutcome.self)
      let headers = HPACKHeaders([
        (":method", "POST"), (":scheme", "http"), (":path", "/wire.Test/Echo"), (":authority", "test"),
        ("content-type", "application/grpc"), ("te", "trailers"),
      ])
      let id = handler.start(.init(headers: headers, message: [1, 2, 3], maxResponseBytes: 1024), promise: promise)
      return (id, promise.futureResult)
    }

    func send(_ frame: HTTP2Frame) throws {
      server.writeAndFlush(frame, promise: nil)
      try shuttle()
    }

    func answer(_ id: HTTP2StreamID) throws {
      server.write(
        HTTP2Frame(
          streamID: id,
          payload: .headers(.init(headers: HPACKHeaders([(":status", "200"), ("content-type", "application/grpc")])))),
        promise: nil)
      let body = ByteBuffer(bytes: [0, 0, 0, 0, 1, 9])
      server.write(HTTP2Frame(streamID: id, payload: .data(.init(data: .byteBuffer(body)))), promise: nil)
      try send(
        HTTP2Frame(
          streamID: id, payload: .headers(.init(headers: HPACKHeaders([("grpc-status", "0")]), endStream: true))))
    }
  }

  private static func outcome(_ future: EventLoopFuture<UnaryOutcome>) async throws -> UnaryOutcome {
    try await future.get()
  }

  @Test func callsAboveAGoAwayAreUnprocessedTheOthersFinish() async throws {
    let link = try Link()
    let (first, firstResult) = link.start()
    let (second, secondResult) = link.start()
    try link.shuttle()
    #expect(first == HTTP2StreamID(1) && second == HTTP2StreamID(3))
    #expect(link.recorder.frames.contains { $0.streamID == HTTP2StreamID(3) }, "both calls reached the server")
    try link.send(
      HTTP2Frame(streamID: .rootStream, payload: .goAway(lastStreamID: 1, errorCode: .noError, opaqueData: nil)))
    let refused = try await Self.outcome(secondResult)
    #expect(refused.unprocessed)
    guard case .failure(let error) = refused.result else { throw TestFailure("stream 3 should have failed") }
    #expect(error.code == .unavailable)
    #expect(!link.handler.liveness.isAccepting, "no new calls after GOAWAY")
    try link.answer(HTTP2StreamID(1))
    let answered = try await Self.outcome(firstResult)
    #expect(answered.message == [9])
    #expect(!answered.unprocessed)
    #expect(!link.client.isActive, "the connection closes once its last call ended")
  }

  @Test func refusedStreamIsUnprocessedAResetIsNot() async throws {
    let link = try Link()
    let (refusedID, refusedResult) = link.start()
    let (resetID, resetResult) = link.start()
    try link.shuttle()
    try link.send(HTTP2Frame(streamID: refusedID!, payload: .rstStream(.refusedStream)))
    try link.send(HTTP2Frame(streamID: resetID!, payload: .rstStream(.internalError)))
    let refused = try await Self.outcome(refusedResult)
    let reset = try await Self.outcome(resetResult)
    #expect(refused.unprocessed)
    #expect(!reset.unprocessed)
    guard case .failure(let error) = reset.result else { throw TestFailure("the reset call should have failed") }
    #expect(error.message == "Stream unexpectedly closed: received RST_STREAM frame (0x2: internal error).")
    #expect(link.handler.liveness.isAccepting, "a refused stream does not end the connection")
  }

  @Test func cancelResetsTheStreamAndClosedConnectionsRefuseNewCalls() async throws {
    let link = try Link()
    let (id, result) = link.start()
    try link.shuttle()
    link.handler.cancel(id!)
    try link.shuttle()
    #expect(link.recorder.frames.contains { $0.streamID == id && Self.isCancel($0) })
    await #expect(throws: CancellationError.self) { _ = try await result.get() }
    _ = try? link.client.close().wait()
    let (none, refused) = link.start()
    #expect(none == nil)
    #expect(try await refused.get().unprocessed)
  }

  private static func isCancel(_ frame: HTTP2Frame) -> Bool {
    if case .rstStream(.cancel) = frame.payload { return true }
    return false
  }

  private struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }

  private static func isPing(_ frame: HTTP2Frame) -> Bool {
    if case .ping(_, ack: false) = frame.payload { return true }
    return false
  }

  @Test func aCallTimedOutOnASilentConnectionPingsItAndClosesItWithoutAnAnswer() async throws {
    let link = try Link()
    let (id, result) = link.start()
    try link.deliverToServer()
    link.handler.cancel(id!)  // the call's deadline; nothing was read since it started
    try link.deliverToServer()
    #expect(link.recorder.frames.contains(where: Self.isPing), "a PING checks the connection")
    await #expect(throws: CancellationError.self) { _ = try await result.get() }
    #expect(link.client.isActive)
    link.client.embeddedEventLoop.advanceTime(by: .seconds(11))
    #expect(!link.client.isActive, "no answer within 10 s: the connection is closed")
    #expect(!link.handler.liveness.isAccepting)
  }

  @Test func aLiveConnectionAnswersThePingAndStays() async throws {
    let link = try Link()
    let (id, _) = link.start()
    try link.shuttle()
    link.handler.cancel(id!)
    try link.shuttle()  // the server's HTTP/2 handler answers the PING
    #expect(link.recorder.frames.contains(where: Self.isPing))
    link.client.embeddedEventLoop.advanceTime(by: .seconds(11))
    #expect(link.client.isActive)
    #expect(link.handler.liveness.isAccepting)
  }

  @Test func noPingWhenTheServerSentSomethingDuringTheCall() async throws {
    let link = try Link()
    let (id, _) = link.start()
    try link.shuttle()
    try link.send(
      HTTP2Frame(
        streamID: id!,
        payload: .headers(.init(headers: HPACKHeaders([(":status", "200"), ("content-type", "application/grpc")])))))
    link.handler.cancel(id!)
    try link.deliverToServer()
    #expect(!link.recorder.frames.contains(where: Self.isPing))
  }
}
