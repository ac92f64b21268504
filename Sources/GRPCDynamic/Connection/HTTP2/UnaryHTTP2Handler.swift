import GRPCCore
import NIOCore
import NIOHPACK
import NIOHTTP2
import Synchronization

/// Whether a ``UnaryHTTP2Handler``'s connection takes new calls, readable from any thread.
final class ConnectionLiveness: Sendable {
  private let accepting = Atomic<Bool>(true)

  /// False once the connection closed, received GOAWAY, is draining, or ran out of stream IDs.
  var isAccepting: Bool { accepting.load(ordering: .relaxed) }

  func stopAccepting() { accepting.store(false, ordering: .relaxed) }
}

/// gRPC unary exchanges straight on an HTTP/2 connection, frame by frame, after `NIOHTTP2Handler` (no stream
/// multiplexer): each call is a HEADERS and a DATA frame out and a ``UnaryExchange`` fed the frames of its stream
/// ID, its result a promise completed on the event loop.
///
/// grpc-swift's transport gives each call an HTTP/2 stream *channel* (its own pipeline, state machines and async
/// wrappers); for the agent's small calls every few milliseconds that costs more CPU than the HTTP/2 framing and
/// the system calls together. Here a call costs a dictionary entry.
///
/// Flow control: the connection window is raised to 16 MiB at once and every stream's to 4 MiB by SETTINGS;
/// WINDOW_UPDATE frames give back what was read. A server GOAWAY fails the calls it will not process (UNAVAILABLE,
/// as grpc-swift) and closes the connection once the others end; keepalive PINGs as configured.
final class UnaryHTTP2Handler: ChannelInboundHandler {
  typealias InboundIn = HTTP2Frame
  typealias OutboundOut = HTTP2Frame

  /// What a call sends: HEADERS (ready-made) and the serialized request.
  struct Request {
    var headers: HPACKHeaders
    var message: [UInt8]
    var maxResponseBytes: Int
  }

  static let streamWindow = 4 << 20
  static let connectionWindow = 16 << 20
  /// The settings this client sends: no server push, big stream windows.
  static let settings: HTTP2Settings = [
    HTTP2Setting(parameter: .enablePush, value: 0),
    HTTP2Setting(parameter: .maxConcurrentStreams, value: 100),
    HTTP2Setting(parameter: .initialWindowSize, value: streamWindow),
    HTTP2Setting(parameter: .maxHeaderListSize, value: 16 << 10),
  ]

  let liveness = ConnectionLiveness()
  private let keepalive: ConnectionOptions.Keepalive?
  private var context: ChannelHandlerContext?
  private var exchanges: [HTTP2StreamID: UnaryExchange] = [:]
  /// Bytes read per stream not yet given back by WINDOW_UPDATE.
  private var unacknowledged: [HTTP2StreamID: Int] = [:]
  private var connectionUnacknowledged = 0
  private var nextStreamID: Int32 = 1
  private var draining = false
  private var activated = false
  private var closedError: RPCError?
  private var keepaliveTask: Scheduled<Void>?
  private var pingTimeout: Scheduled<Void>?
  /// When a frame was last read.
  private var lastRead = NIODeadline.now()

  init(keepalive: ConnectionOptions.Keepalive?) { self.keepalive = keepalive }

  func handlerAdded(context: ChannelHandlerContext) {
    self.context = context
    if context.channel.isActive { becameActive(context: context) }
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    keepaliveTask?.cancel()
    pingTimeout?.cancel()
    self.context = nil
  }

  func channelActive(context: ChannelHandlerContext) {
    becameActive(context: context)
    context.fireChannelActive()
  }

  private func becameActive(context: ChannelHandlerContext) {
    guard !activated else { return }
    activated = true
    let increment = Self.connectionWindow - 65_535
    context.writeAndFlush(
      wrapOutboundOut(HTTP2Frame(streamID: .rootStream, payload: .windowUpdate(windowSizeIncrement: increment))),
      promise: nil)
    if let keepalive { scheduleKeepalive(context: context, at: .now() + .nanoseconds(keepalive.time.nanoseconds)) }
  }

  /// Starts a call; returns its stream ID (to cancel it), or nil when the connection no longer takes calls (the
  /// promise is then completed with UNAVAILABLE).
  func start(_ request: Request, promise: EventLoopPromise<UnaryOutcome>) -> HTTP2StreamID? {
    guard let context, !draining, closedError == nil, nextStreamID < Int32.max - 2 else {
      liveness.stopAccepting()
      let error = closedError ?? RPCError(code: .unavailable, message: "The connection is closing.")
      promise.succeed(UnaryOutcome(result: .failure(error), unprocessed: true))
      return nil
    }
    let id = HTTP2StreamID(nextStreamID)
    nextStreamID += 2
    if nextStreamID >= Int32.max - 2 { liveness.stopAccepting() }
    exchanges[id] = UnaryExchange(maxResponseBytes: request.maxResponseBytes, promise: promise)
    var body = context.channel.allocator.buffer(capacity: 5 + request.message.count)
    body.writeInteger(UInt8(0))
    body.writeInteger(UInt32(request.message.count))
    body.writeBytes(request.message)
    context.write(
      wrapOutboundOut(HTTP2Frame(streamID: id, payload: .headers(.init(headers: request.headers)))), promise: nil)
    context.writeAndFlush(
      wrapOutboundOut(HTTP2Frame(streamID: id, payload: .data(.init(data: .byteBuffer(body), endStream: true)))),
      promise: nil)
    return id
  }

  /// Abandons a call (its task was cancelled): the stream is reset with CANCEL, the promise failed with
  /// `CancellationError`. Nothing when the call already ended.
  ///
  /// When nothing at all was read on the connection since the call started, the connection itself may be dead (a
  /// peer gone without a reset, a firewall that dropped the flow): a PING checks it, and no answer within the
  /// keepalive timeout (10 s without keepalive) closes it, so the next call connects afresh instead of timing out
  /// on it until TCP gives up.
  func cancel(_ id: HTTP2StreamID) {
    guard let exchange = exchanges.removeValue(forKey: id) else { return }
    unacknowledged[id] = nil
    if !exchange.isDone { exchange.promise.fail(CancellationError()) }
    reset(id)
    if lastRead < exchange.startedAt {
      ping(
        timeout: keepalive?.timeout ?? .seconds(10),
        failure: "The server did not answer a PING after a call "
          + "it never answered either: the connection is presumed dead.")
    }
    closeIfDrained()
  }

  /// Takes no further calls and closes the connection once the calls in flight end.
  func closeWhenIdle() {
    draining = true
    liveness.stopAccepting()
    closeIfDrained()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let frame = unwrapInboundIn(data)
    lastRead = .now()
    switch frame.payload {
    case .headers(let headers):
      update(frame.streamID) { $0.receive(headers: headers.headers, endStream: headers.endStream) }
    case .data(let payload):
      let length: Int
      if case .byteBuffer(let bytes) = payload.data {
        length = bytes.readableBytes
        update(frame.streamID) { $0.receive(data: bytes, endStream: payload.endStream) }
      } else {
        length = 0
      }
      giveBack(length + (payload.paddingBytes.map { $0 + 1 } ?? 0), on: frame.streamID, context: context)
    case .rstStream(let code):
      update(frame.streamID) {
        $0.fail(
          RPCError(
            code: .unavailable,
            message: "Stream unexpectedly closed: received RST_STREAM frame (\(code.shortDescription))."),
          unprocessed: code == .refusedStream)
      }
    case .goAway(let lastStreamID, _, _):
      draining = true
      liveness.stopAccepting()
      for id in exchanges.keys where id > lastStreamID {
        update(id) {
          $0.fail(RPCError(code: .unavailable, message: "Stream unexpectedly closed."), unprocessed: true)
        }
      }
      closeIfDrained()
    case .ping(_, ack: true):
      pingTimeout?.cancel()
      pingTimeout = nil
    default:
      break
    }
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if let closed = event as? StreamClosedEvent {
      update(closed.streamID) { $0.fail(RPCError(code: .unavailable, message: "Stream unexpectedly closed.")) }
      unacknowledged[closed.streamID] = nil
    }
    context.fireUserInboundEventTriggered(event)
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    if let stream = error as? NIOHTTP2Errors.StreamError {
      update(stream.streamID) {
        $0.fail(RPCError(code: .unavailable, message: "Stream unexpectedly closed with error.", cause: error))
      }
      return
    }
    closedError = closedError ?? RPCError(code: .unavailable, message: "Stream unexpectedly closed.", cause: error)
    liveness.stopAccepting()
    context.close(promise: nil)
  }

  func channelInactive(context: ChannelHandlerContext) {
    liveness.stopAccepting()
    let error = closedError ?? RPCError(code: .unavailable, message: "Stream unexpectedly closed.")
    closedError = error
    keepaliveTask?.cancel()
    pingTimeout?.cancel()
    for id in Array(exchanges.keys) { update(id) { $0.fail(error) } }
    self.context = nil
    context.fireChannelInactive()
  }

  /// Feeds a stream's exchange; removes it once done, resetting the stream if it failed early.
  private func update(_ id: HTTP2StreamID, _ body: (inout UnaryExchange) -> Bool) {
    guard var exchange = exchanges[id] else { return }
    let fine = body(&exchange)
    if exchange.isDone {
      exchanges[id] = nil
      if !fine { reset(id) }
      closeIfDrained()
    } else {
      exchanges[id] = exchange
    }
  }

  private func reset(_ id: HTTP2StreamID) {
    guard let context, closedError == nil else { return }
    context.writeAndFlush(wrapOutboundOut(HTTP2Frame(streamID: id, payload: .rstStream(.cancel))), promise: nil)
  }

  /// Counts read DATA bytes and sends WINDOW_UPDATEs once half a window was read.
  private func giveBack(_ length: Int, on id: HTTP2StreamID, context: ChannelHandlerContext) {
    guard length > 0 else { return }
    connectionUnacknowledged += length
    var flush = false
    if connectionUnacknowledged >= Self.connectionWindow / 2 {
      context.write(
        wrapOutboundOut(
          HTTP2Frame(streamID: .rootStream, payload: .windowUpdate(windowSizeIncrement: connectionUnacknowledged))),
        promise: nil)
      connectionUnacknowledged = 0
      flush = true
    }
    if exchanges[id] != nil {
      let pending = unacknowledged[id, default: 0] + length
      if pending >= Self.streamWindow / 2 {
        context.write(
          wrapOutboundOut(HTTP2Frame(streamID: id, payload: .windowUpdate(windowSizeIncrement: pending))), promise: nil)
        unacknowledged[id] = 0
        flush = true
      } else {
        unacknowledged[id] = pending
      }
    } else {
      unacknowledged[id] = nil
    }
    if flush { context.flush() }
  }

  private func closeIfDrained() {
    guard draining, exchanges.isEmpty, let context else { return }
    context.close(promise: nil)
  }

  /// Keepalive as grpc-swift does it: a PING once nothing was read for `time` (only while calls are in flight
  /// unless `permitWithoutCalls`); no answer within `timeout` closes the connection.
  private func scheduleKeepalive(context: ChannelHandlerContext, at deadline: NIODeadline) {
    guard let keepalive else { return }
    let loop = context.eventLoop.assumeIsolatedUnsafeUnchecked()
    let time = TimeAmount.nanoseconds(keepalive.time.nanoseconds)
    keepaliveTask = loop.scheduleTask(deadline: deadline) { [self] in
      guard let context = self.context else { return }
      let idle = lastRead + time
      if idle > .now() { return scheduleKeepalive(context: context, at: idle) }
      if !exchanges.isEmpty || keepalive.permitWithoutCalls {
        ping(timeout: keepalive.timeout, failure: "The server did not answer a keepalive ping in time.")
      }
      scheduleKeepalive(context: context, at: .now() + time)
    }
  }

  /// Sends a PING unless one is awaiting its answer; no answer within `timeout` closes the connection, failing the
  /// calls in flight with UNAVAILABLE and `failure`.
  private func ping(timeout: Duration, failure: String) {
    guard pingTimeout == nil, let context else { return }
    context.writeAndFlush(
      wrapOutboundOut(HTTP2Frame(streamID: .rootStream, payload: .ping(HTTP2PingData(), ack: false))), promise: nil)
    pingTimeout = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(
      in: .nanoseconds(timeout.nanoseconds)
    ) { [self] in
      closedError = closedError ?? RPCError(code: .unavailable, message: failure)
      liveness.stopAccepting()
      self.context?.close(promise: nil)
    }
  }
}

extension Duration {
  /// Whole nanoseconds, saturating.
  var nanoseconds: Int64 { EventLoopTimeout.nanoseconds(self) }
}

extension HTTP2ErrorCode {
  /// `0x8: cancel`, as grpc-swift words a reset stream.
  var shortDescription: String {
    let names: [HTTP2ErrorCode: String] = [
      .noError: "no error", .protocolError: "protocol error", .internalError: "internal error",
      .flowControlError: "flow control error", .settingsTimeout: "settings Timeout", .streamClosed: "stream closed",
      .frameSizeError: "frame size error", .refusedStream: "refused stream", .cancel: "cancel",
      .compressionError: "compression error", .connectError: "connect error", .enhanceYourCalm: "enhance your calm",
      .inadequateSecurity: "inadequate security", .http11Required: "HTTP/1.1 required",
    ]
    return "0x" + String(networkCode, radix: 16) + ": " + (names[self] ?? "unknown error")
  }
}
