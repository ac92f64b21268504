import Foundation
import GRPCCore
import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix
import NIOSSL
import Synchronization

/// An HTTP/2 connection (plaintext or TLS) that carries a pooled connection's unary calls (``UnaryHTTP2Handler``),
/// made on first use and again on the next call after it closed or the server sent GOAWAY — a call drives its own
/// reconnect, so a target that is down costs one connection attempt per call, bounded by the connect timeout, and
/// no background retries. Streaming calls and reflection keep to grpc-swift's transport.
///
/// The connection goes through the pooled connection's ``ConnectionProbe`` like grpc-swift's, so failures read the
/// same (refused, not HTTP/2, ...) and its establishment time and readiness are observed.
final class UnaryConnection: Sendable {
  private struct Established: Sendable {
    let channel: any Channel
    let handler: NIOLoopBound<UnaryHTTP2Handler>
    let liveness: ConnectionLiveness
  }
  private enum State {
    case idle
    case connecting(EventLoopFuture<Established>)
    case ready(Established)
    case shutDown
  }

  private let key: ConnectionKey
  private let probe: ConnectionProbe
  private let tls: NIOSSLContext?
  private let authority: String
  private let scheme: String
  private let state = Mutex(State.idle)

  /// - Throws: what NIOSSL throws for unusable TLS settings (unreadable or invalid files).
  init(key: ConnectionKey, probe: ConnectionProbe) throws {
    self.key = key
    self.probe = probe
    authority = key.options.effectiveAuthority ?? key.address.authority
    switch key.options.security {
    case .plaintext:
      scheme = "http"
      tls = nil
    case .tls(let options):
      scheme = "https"
      tls = try Self.sslContext(options)
    }
  }

  /// A client TLS context as grpc-swift's transport makes one: TLS 1.2 or later, ALPN `grpc-exp` and `h2`, the given
  /// CA (else the system's roots), the client certificate chain and key, verification unless skipped.
  private static func sslContext(_ options: TLSOptions) throws -> NIOSSLContext {
    var config = TLSConfiguration.makeClientConfiguration()
    config.minimumTLSVersion = .tlsv12
    config.applicationProtocols = ["grpc-exp", "h2"]
    if let ca = options.caCertificatePath {
      config.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(ca))
    }
    if let certificate = options.certificatePath, let key = options.keyPath {
      config.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
      config.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
    }
    config.certificateVerification = options.insecureSkipVerify ? .none : .fullVerification
    return try NIOSSLContext(configuration: config)
  }

  /// The TLS server name (SNI), as grpc-swift picks it: the authority without its port when one is set, else a DNS
  /// host or a socket's path; none for an IP address.
  private var serverHostname: String? {
    if let authority = key.options.effectiveAuthority {
      if let colon = authority.lastIndex(of: ":"), authority[authority.index(after: colon)...].allSatisfy(\.isNumber) {
        return String(authority[..<colon])
      }
      return authority
    }
    switch key.address.kind {
    case .dns(let host, _): return host
    case .unixSocket(let path): return path
    case .ipv4, .ipv6: return nil
    }
  }

  /// One unary call: `path` is `/package.Service/Method`.
  ///
  /// - Throws: `RPCError` (UNAVAILABLE when the connection cannot be made or breaks, the server's status),
  ///   `CancellationError` when the task is cancelled (the stream is reset).
  ///
  /// A call the server never processed (refused by GOAWAY or REFUSED_STREAM, or caught by the connection closing)
  /// is sent once more on a new connection, as gRPC's transparent retry does: a server's graceful restart does not
  /// fail the calls that raced its GOAWAY.
  func call(path: String, metadata: Metadata, message: [UInt8], maxResponseBytes: Int) async throws -> UnaryOutcome {
    guard message.count <= Int(UInt32.max) else {
      throw RPCError(
        code: .resourceExhausted,
        message: "The request message (\(message.count) bytes) exceeds gRPC's length prefix (at most 4 GiB).")
    }
    let request = UnaryHTTP2Handler.Request(
      headers: headers(path: path, metadata: metadata), message: message, maxResponseBytes: maxResponseBytes)
    let first = try await attempt(request)
    guard first.unprocessed, !Task.isCancelled else { return first }
    return try await attempt(request)
  }

  private func attempt(_ request: UnaryHTTP2Handler.Request) async throws -> UnaryOutcome {
    let established = try await connection()
    let loop = established.channel.eventLoop
    let promise = loop.makePromise(of: UnaryOutcome.self)
    let started = Mutex<StartState>(.notStarted)
    return try await withTaskCancellationHandler {
      loop.execute {
        let go = started.withLock { state -> Bool in
          guard case .notStarted = state else { return false }
          state = .starting
          return true
        }
        guard go else { return promise.fail(CancellationError()) }
        let handler = established.handler.value
        let id = handler.start(request, promise: promise)
        let cancelled = started.withLock { state -> Bool in
          defer { state = id.map { .started($0) } ?? .ended }
          if case .cancelRequested = state { return true }
          return false
        }
        if cancelled, let id { handler.cancel(id) }
      }
      return try await promise.futureResult.get()
    } onCancel: {
      let id = started.withLock { state -> HTTP2StreamID? in
        switch state {
        case .notStarted:
          state = .cancelled
        case .starting:
          state = .cancelRequested
        case .started(let id):
          return id
        case .cancelled, .cancelRequested, .ended:
          break
        }
        return nil
      }
      if let id { loop.execute { established.handler.value.cancel(id) } }
    }
  }

  /// Where a call is, for cancelling it: cancelled before it started, while starting (the event loop resets it as
  /// soon as it has a stream ID), or with a stream to reset.
  private enum StartState {
    case notStarted, starting, cancelRequested, started(HTTP2StreamID), cancelled, ended
  }

  /// Takes no further calls; the connection closes once its calls in flight end.
  func shutdown() {
    let previous = state.withLock { state -> State in
      defer { state = .shutDown }
      return state
    }
    switch previous {
    case .ready(let established):
      established.channel.eventLoop.execute { established.handler.value.closeWhenIdle() }
    case .connecting(let future):
      future.whenSuccess { established in established.handler.value.closeWhenIdle() }
    case .idle, .shutDown:
      break
    }
  }

  /// What a call finds: a ready connection, or an attempt to wait for (the one it started itself, with its promise).
  private enum Lookup {
    case ready(Established)
    case pending(EventLoopFuture<Established>, started: EventLoopPromise<Established>?, on: any EventLoop)
  }

  private func connection() async throws -> Established {
    let lookup = try state.withLock { state throws -> Lookup in
      switch state {
      case .ready(let established) where established.liveness.isAccepting:
        return .ready(established)
      case .connecting(let future):
        return .pending(future, started: nil, on: future.eventLoop)
      case .shutDown:
        throw RPCError(code: .unavailable, message: "The connection pool has been shut down.")
      case .idle, .ready:
        let loop = MultiThreadedEventLoopGroup.currentEventLoop ?? MultiThreadedEventLoopGroup.singleton.next()
        let attempt = loop.makePromise(of: Established.self)
        state = .connecting(attempt.futureResult)
        return .pending(attempt.futureResult, started: attempt, on: loop)
      }
    }
    let future: EventLoopFuture<Established>
    switch lookup {
    case .ready(let established):
      return established
    case .pending(let pending, let attempt, let loop):
      future = pending
      if let attempt { start(attempt, on: loop) }
    }

    do {
      // The caller's deadline may be shorter than the connect timeout: waiting ends with the task's cancellation
      // (the attempt goes on, for the next call). A promise completed twice keeps its first result.
      let waiter = future.eventLoop.makePromise(of: Established.self)
      future.cascade(to: waiter)
      return try await withTaskCancellationHandler {
        try await waiter.futureResult.get()
      } onCancel: {
        waiter.fail(CancellationError())
      }
    } catch is CancellationError {
      throw CancellationError()
    } catch {
      throw error as? RPCError
        ?? RPCError(code: .unavailable, message: "Could not establish a connection.", cause: error)
    }
  }

  /// Connects for an attempt registered in the state (called outside the lock: a callback may run at once); the
  /// attempt's end settles the state, waited for or not.
  private func start(_ attempt: EventLoopPromise<Established>, on loop: any EventLoop) {
    let future = attempt.futureResult
    future.whenComplete { [self] result in
      state.withLock { state in
        guard case .connecting(let pending) = state, pending === future else { return }
        state = (try? result.get()).map { .ready($0) } ?? .idle
      }
    }
    connect(on: loop).cascade(to: attempt)
  }

  private func connect(on loop: any EventLoop) -> EventLoopFuture<Established> {
    let probe = probe
    let keepalive = key.options.keepalive
    let tls = tls
    let serverHostname = serverHostname
    let bootstrap = ClientBootstrap(group: loop)
      .connectTimeout(.nanoseconds(key.options.connectTimeout.nanoseconds))
      .channelOption(.socketOption(.tcp_nodelay), value: 1)
      .channelInitializer { channel in
        if let tls {
          do {
            try channel.pipeline.syncOperations.addHandler(
              NIOSSLClientHandler(context: tls, serverHostname: serverHostname))
          } catch {
            return channel.eventLoop.makeFailedFuture(error)
          }
        }
        return probe.onCreateTCPConnection(channel).flatMapThrowing {
          let sync = channel.pipeline.syncOperations
          try sync.addHandler(NIOHTTP2Handler(mode: .client, initialSettings: UnaryHTTP2Handler.settings))
          try sync.addHandler(UnaryHTTP2Handler(keepalive: keepalive))
        }
      }
    let connected: EventLoopFuture<any Channel> =
      switch key.address.kind {
      case .ipv4(let host, let port), .ipv6(let host, let port), .dns(let host, let port):
        bootstrap.connect(host: host, port: port)
      case .unixSocket(let path):
        bootstrap.connect(unixDomainSocketPath: path)
      }
    return connected.flatMapThrowing { channel in
      let handler = try channel.pipeline.syncOperations.handler(type: UnaryHTTP2Handler.self)
      return Established(
        channel: channel, handler: NIOLoopBound(handler, eventLoop: channel.eventLoop), liveness: handler.liveness)
    }
  }

  /// HEADERS of a call, in grpc-swift's order; metadata keys lowercased, binary values base64 without padding.
  private func headers(path: String, metadata: Metadata) -> HPACKHeaders {
    var headers = HPACKHeaders()
    headers.reserveCapacity(6 + metadata.count)
    headers.add(name: ":method", value: "POST")
    headers.add(name: ":scheme", value: scheme)
    headers.add(name: ":path", value: path)
    headers.add(name: ":authority", value: authority)
    headers.add(name: "content-type", value: "application/grpc")
    headers.add(name: "te", value: "trailers")
    for entry in metadata {
      switch entry.value {
      case .string(let text):
        headers.add(name: entry.key.lowercased(), value: text)
      case .binary(let bytes):
        var encoded = Data(bytes).base64EncodedString()
        while encoded.hasSuffix("=") { encoded.removeLast() }
        headers.add(name: entry.key.lowercased(), value: encoded)
      }
    }
    return headers
  }
}

extension ServerAddress {
  /// The `:authority` grpc-swift derives from an address: `host:port`, `[v6]:port`, or a socket's path.
  var authority: String {
    if case .unixSocket(let path) = kind { return path }
    return description
  }
}
