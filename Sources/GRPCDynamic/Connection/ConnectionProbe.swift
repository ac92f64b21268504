import NIOCore
import NIOSSL
import NIOTLS
import Synchronization

/// Watches the connections of one pooled client, so failures can be told apart: never connected (refused,
/// unreachable, timed out), connected but the TLS handshake failed, connected to something that is not an HTTP/2
/// server, or a failure of the call itself.
///
/// grpc-swift reports all of these as UNAVAILABLE. The probe's handlers sit in each connection's pipeline
/// (installed through the transport's `onCreateTCPConnection` hook, and by ``UnaryConnection`` for its own): one at
/// the front, one after the TLS handler.
/// A connection is *ready* once the server's first bytes (decrypted, with TLS) are an HTTP/2 SETTINGS frame.
/// Cost: two pass-through handlers per connection, a lock per connection event.
///
/// It also times each connection (from the channel's creation, just before the TCP connect, to the server's
/// SETTINGS) and keeps the server certificate's expiry from the latest TLS handshake: see ``ConnectionObservation``.
final class ConnectionProbe: Sendable {
  private struct State {
    var everConnected = false
    var everReady = false
    var tlsFailure: String?
    var protocolFailure: String?
    var attemptStarted: ContinuousClock.Instant?
    var lastReadyAt: ContinuousClock.Instant?
    var lastEstablishment: Duration?
    var peerCertificateNotAfter: Int64?
  }
  private let state = Mutex(State())
  private let usesTLS: Bool

  init(usesTLS: Bool) { self.usesTLS = usesTLS }

  /// Whether a TCP connection was ever established.
  var everConnected: Bool { state.withLock { $0.everConnected } }

  /// Whether a connection was ever ready: the server's first bytes were HTTP/2 SETTINGS.
  var everReady: Bool { state.withLock { $0.everReady } }

  /// The latest TLS handshake failure, unless a connection was ready since.
  var tlsFailure: String? { state.withLock { $0.tlsFailure } }

  /// What the server sent instead of HTTP/2, unless a connection was ready since.
  var protocolFailure: String? { state.withLock { $0.protocolFailure } }

  /// What the probe saw of the latest connections.
  var observation: ConnectionObservation {
    state.withLock { state in
      ConnectionObservation(
        everReady: state.everReady, lastReadyAt: state.lastReadyAt, lastEstablishmentDuration: state.lastEstablishment,
        peerCertificateNotAfter: state.peerCertificateNotAfter.map { Double($0) })
    }
  }

  /// The transport hook: installs the observers into a new connection's pipeline.
  var onCreateTCPConnection: @Sendable (any Channel) -> EventLoopFuture<Void> {
    { [self] channel in
      // Called as the channel is initialised, before it connects: the start of this connection attempt.
      let started = ContinuousClock.now
      state.withLock { $0.attemptStarted = started }
      return channel.eventLoop.makeCompletedFuture {
        let sync = channel.pipeline.syncOperations
        let tls = try? sync.handler(type: NIOSSLClientHandler.self)
        try sync.addHandler(Observer(probe: self, role: .tcp, inspectsBytes: tls == nil), position: .first)
        if let tls {
          try sync.addHandler(Observer(probe: self, role: .tls, inspectsBytes: true), position: .after(tls))
        }
      }
    }
  }

  fileprivate func connected() { state.withLock { $0.everConnected = true } }

  fileprivate func firstBytes(_ buffer: ByteBuffer) {
    let bytes = buffer.getBytes(at: buffer.readerIndex, length: min(buffer.readableBytes, 64)) ?? []
    state.withLock { state in
      // An HTTP/2 frame header: 24-bit length, type 0x4 (SETTINGS), flags, stream 0.
      if bytes.count >= 9 && bytes[3] == 0x04 && bytes[5...8].allSatisfy({ $0 == 0 }) {
        let now = ContinuousClock.now
        state.everReady = true
        state.lastReadyAt = now
        state.lastEstablishment = state.attemptStarted.map { now - $0 }
        state.tlsFailure = nil
        state.protocolFailure = nil
      } else {
        state.protocolFailure = Self.describe(bytes)
      }
    }
  }

  fileprivate func handshakeCompleted(peerCertificateNotAfter: Int64?) {
    state.withLock { $0.peerCertificateNotAfter = peerCertificateNotAfter }
  }

  fileprivate func handshakeFailed(_ error: any Error) {
    state.withLock { $0.tlsFailure = "\(error)" }
  }

  /// Whether an error comes from the TLS layer.
  static func isTLSError(_ error: any Error) -> Bool {
    error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError
  }

  /// What unexpected first bytes look like.
  static func describe(_ bytes: [UInt8]) -> String {
    if bytes.count >= 2 && (bytes[0] == 0x15 || bytes[0] == 0x16) && bytes[1] == 0x03 {
      return "it answered with TLS (if the server uses TLS, drop -plaintext)"
    }
    let text = String(decoding: bytes.prefix(40), as: UTF8.self)
    if text.hasPrefix("HTTP/") {
      let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
      return "it answered with HTTP/1 (\"\(line)\"), not HTTP/2"
    }
    let printable = String(text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? Character($0) : "." })
    return "it did not answer with HTTP/2 (first bytes: \"\(printable)\")"
  }

  private final class Observer: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    enum Role { case tcp, tls }
    let probe: ConnectionProbe
    let role: Role
    let inspectsBytes: Bool
    /// Touched only on the channel's event loop.
    nonisolated(unsafe) private var sawBytes = false

    init(probe: ConnectionProbe, role: Role, inspectsBytes: Bool) {
      self.probe = probe
      self.role = role
      self.inspectsBytes = inspectsBytes
    }

    func channelActive(context: ChannelHandlerContext) {
      if role == .tcp { probe.connected() }
      context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
      if inspectsBytes && !sawBytes {
        sawBytes = true
        probe.firstBytes(Self.unwrapInboundIn(data))
      }
      context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
      if role == .tls, let tls = event as? TLSUserEvent, case .handshakeCompleted = tls {
        let certificate = try? context.pipeline.syncOperations.nioSSL_peerCertificate()
        probe.handshakeCompleted(peerCertificateNotAfter: certificate.map { Int64($0.notValidAfter) })
      }
      context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
      if role == .tls, ConnectionProbe.isTLSError(error) {
        probe.handshakeFailed(error)
      }
      context.fireErrorCaught(error)
    }
  }
}
