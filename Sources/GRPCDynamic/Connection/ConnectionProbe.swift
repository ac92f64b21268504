import NIOCore
import NIOSSL
import NIOTLS
import Synchronization

/// Watches the TCP connections of one pooled client, so failures can be told apart: never connected (refused,
/// unreachable, timed out) versus connected but the TLS handshake failed versus a failure of the call itself.
///
/// grpc-swift reports all three as UNAVAILABLE; the probe's handlers sit in each connection's pipeline (installed
/// through the transport's `onCreateTCPConnection` hook) and record what they see. Cost: two no-op handlers per
/// connection, a lock per connection event.
final class ConnectionProbe: Sendable {
  private struct State {
    var everConnected = false
    var everReady = false
    var tlsError: String?
    var lastTLSFailureOnly = false
  }
  private let state = Mutex(State())
  private let usesTLS: Bool

  init(usesTLS: Bool) { self.usesTLS = usesTLS }

  /// Whether a TCP connection was ever established.
  var everConnected: Bool { state.withLock { $0.everConnected } }

  /// Whether a connection was ever ready for calls: TCP connected and, with TLS, the handshake completed.
  var everReady: Bool { state.withLock { $0.everReady } }

  /// The last TLS handshake failure, when the latest connection failed in TLS.
  var tlsFailure: String? { state.withLock { $0.lastTLSFailureOnly ? $0.tlsError : nil } }

  /// The transport hook: installs the observers into a new connection's pipeline.
  var onCreateTCPConnection: @Sendable (any Channel) -> EventLoopFuture<Void> {
    { [self] channel in
      channel.eventLoop.makeCompletedFuture {
        let sync = channel.pipeline.syncOperations
        try sync.addHandler(Observer(probe: self, role: .tcp), position: .first)
        if let tls = try? sync.handler(type: NIOSSLClientHandler.self) {
          try sync.addHandler(Observer(probe: self, role: .tls), position: .after(tls))
        }
      }
    }
  }

  fileprivate func connected() {
    state.withLock {
      $0.everConnected = true
      if !usesTLS { $0.everReady = true }
    }
  }

  fileprivate func handshakeSucceeded() {
    state.withLock {
      $0.everReady = true
      $0.lastTLSFailureOnly = false
    }
  }

  fileprivate func handshakeFailed(_ error: any Error) {
    state.withLock {
      $0.tlsError = "\(error)"
      $0.lastTLSFailureOnly = true
    }
  }

  private final class Observer: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny
    enum Role { case tcp, tls }
    let probe: ConnectionProbe
    let role: Role

    init(probe: ConnectionProbe, role: Role) {
      self.probe = probe
      self.role = role
    }

    func channelActive(context: ChannelHandlerContext) {
      if role == .tcp { probe.connected() }
      context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
      if role == .tls, let event = event as? TLSUserEvent, case .handshakeCompleted = event {
        probe.handshakeSucceeded()
      }
      context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
      if role == .tls, error is NIOSSLError || error is BoringSSLError {
        probe.handshakeFailed(error)
      }
      context.fireErrorCaught(error)
    }
  }
}
