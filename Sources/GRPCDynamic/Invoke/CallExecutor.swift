import DynamicProto
import GRPCCore
import Synchronization

/// Runs one call of a resolved method over a pooled connection: JSON requests in, events out, errors classified.
///
/// Requests are encoded as they are sent; responses decoded and rendered as they arrive. A connection that is
/// not ready within the connect timeout fails the call with `.connectionFailed`.
struct CallExecutor: Sendable {
  let connection: PooledConnection
  let pool: ConnectionPool
  let codec: MessageCodec
  let maxReceiveMessageBytes: Int

  /// What the call produced; `collected` holds the responses when asked for.
  struct Outcome: Sendable {
    var headers: RPCMetadata = [:]
    var trailers: RPCMetadata = [:]
    var responseCount = 0
    var collected: [ResponseMessage] = []
  }

  /// Runs the call. For a method with a single request (unary, server streaming) `requests` must yield at most one
  /// message; none sends an empty request, as grpcurl does without `-d`.
  func execute<Requests: AsyncSequence & Sendable>(
    method: DynamicProto.MethodDescriptor, requests: Requests, metadata: RPCMetadata, timeout: Duration?,
    collect: Bool, handler: some InvocationEventHandler
  ) async throws -> Outcome where Requests.Element == String {
    try await connection.withConnectDeadline(poolRunning: { [pool] in pool.isRunning }) {
      if !method.clientStreaming && !method.serverStreaming {
        return try await runUnary(method, requests, metadata, timeout, collect, handler)
      }
      return try await run(method, requests, metadata, timeout, collect, handler)
    }
  }

  /// Settings of every call: no `timeout` (``CallDeadline`` keeps it), the transport's receive limit a margin above
  /// ours (grpc-swift's HTTP/2 transport applies the request limit to received messages; set both; the exact
  /// limit is enforced by the deserializer).
  private var callOptions: CallOptions {
    var options = CallOptions.defaults
    let transportLimit = RawBytesDeserializer.transportLimit(for: maxReceiveMessageBytes)
    options.maxRequestMessageBytes = transportLimit
    options.maxResponseMessageBytes = transportLimit
    options.waitForReady = false
    return options
  }

  /// A unary call as one ``DirectUnaryCall``: same events, results and errors as ``run``, without grpc-swift's
  /// per-call task group.
  private func runUnary<Requests: AsyncSequence & Sendable>(
    _ method: DynamicProto.MethodDescriptor, _ requests: Requests, _ metadata: RPCMetadata, _ timeout: Duration?,
    _ collect: Bool, _ handler: some InvocationEventHandler
  ) async throws -> Outcome where Requests.Element == String {
    handler.onSendHeaders(metadata)
    var request: [UInt8] = []
    var count = 0
    for try await json in requests {
      count += 1
      if count > 1 { throw Self.moreThanOneRequest(method) }
      request = try codec.requestBytes(json: json, type: method.inputType)
    }
    let descriptor = GRPCCore.MethodDescriptor(fullyQualifiedService: method.service.fullName, method: method.name)
    let (connection, sent) = (self.connection, request)
    let transportLimit = RawBytesDeserializer.transportLimit(for: maxReceiveMessageBytes)
    let headers = Mutex<RPCMetadata>([:])
    var outcome = Outcome()
    do {
      let response = try await CallDeadline.run(timeout, metadata: metadata.grpcMetadata) { metadata in
        try await DirectUnaryCall.run(
          on: connection, descriptor: descriptor, metadata: metadata, request: sent, maxResponseBytes: transportLimit
        ) { received in
          let received = RPCMetadata(received)
          headers.withLock { $0 = received }
          handler.onReceiveHeaders(received)
        }
      }
      outcome.headers = headers.withLock { $0 }
      let bytes = try RawBytesDeserializer(limit: maxReceiveMessageBytes).deserialize(response.message)
      let reply = try codec.response(bytes: bytes, type: method.outputType)
      outcome.responseCount = 1
      if collect { outcome.collected.append(reply) }
      handler.onReceiveResponse(reply)
      outcome.trailers = RPCMetadata(response.trailers)
    } catch {
      throw fail(error, method: method, headers: headers.withLock { $0 }, handler: handler)
    }
    handler.onReceiveTrailers(.ok, outcome.trailers)
    return outcome
  }

  private func run<Requests: AsyncSequence & Sendable>(
    _ method: DynamicProto.MethodDescriptor, _ requests: Requests, _ metadata: RPCMetadata, _ timeout: Duration?,
    _ collect: Bool, _ handler: some InvocationEventHandler
  ) async throws -> Outcome where Requests.Element == String {
    let inputType = method.inputType
    let outputType = method.outputType
    let codec = self.codec
    let requestFailure = Mutex<DynamicClientError?>(nil)
    let single = !method.clientStreaming
    let produce: @Sendable (RPCWriter<[UInt8]>) async throws -> Void = { writer in
      do {
        var count = 0
        for try await json in requests {
          count += 1
          if single && count > 1 { throw Self.moreThanOneRequest(method) }
          try await writer.write(codec.requestBytes(json: json, type: inputType))
        }
        if single && count == 0 { try await writer.write([]) }
      } catch let error as DynamicClientError {
        requestFailure.withLock { $0 = error }
        throw error
      }
    }
    handler.onSendHeaders(metadata)
    let descriptor = GRPCCore.MethodDescriptor(fullyQualifiedService: method.service.fullName, method: method.name)
    let outcome = Mutex(Outcome())
    let client = connection.client
    let maxReceiveMessageBytes = self.maxReceiveMessageBytes
    let callOptions = self.callOptions
    do {
      try await CallDeadline.run(timeout, metadata: metadata.grpcMetadata) { metadata in
        try await client.bidirectionalStreaming(
          request: StreamingClientRequest(of: [UInt8].self, metadata: metadata, producer: produce),
          descriptor: descriptor, serializer: RawBytesSerializer(),
          deserializer: RawBytesDeserializer(limit: maxReceiveMessageBytes), options: callOptions
        ) { response in
          let contents = try response.accepted.get()
          let headers = RPCMetadata(contents.metadata)
          outcome.withLock { $0.headers = headers }
          handler.onReceiveHeaders(headers)
          for try await part in contents.bodyParts {
            switch part {
            case .message(let bytes):
              let response = try codec.response(bytes: bytes, type: outputType)
              outcome.withLock {
                $0.responseCount += 1
                if collect { $0.collected.append(response) }
              }
              handler.onReceiveResponse(response)
            case .trailingMetadata(let trailers):
              outcome.withLock { $0.trailers = RPCMetadata(trailers) }
            }
          }
        }
      }
    } catch {
      if let failure = requestFailure.withLock({ $0 }) { throw failure }
      throw fail(error, method: method, headers: outcome.withLock { $0.headers }, handler: handler)
    }
    let result = outcome.withLock { $0 }
    handler.onReceiveTrailers(.ok, result.trailers)
    return result
  }

  /// A single-request method was given more than one request.
  private static func moreThanOneRequest(_ method: DynamicProto.MethodDescriptor) -> DynamicClientError {
    DynamicClientError(
      .invalidRequest, "\(method.fullName) is \(method.streamingKind) and takes exactly one request; got more")
  }

  /// Classifies a failed call; reports the status to the handler when the call got one.
  private func fail(
    _ error: any Error, method: DynamicProto.MethodDescriptor, headers: RPCMetadata,
    handler: some InvocationEventHandler
  ) -> any Error {
    if error is DynamicClientError || error is CancellationError { return error }
    if let tooLarge = error as? RawBytesDeserializer.TooLarge {
      return responseTooLarge(
        "received message larger than max (\(tooLarge.size) vs. \(tooLarge.limit))", trailers: [:], headers: headers,
        handler: handler, cause: error)
    }
    guard let rpc = error as? RPCError else {
      return DynamicClientError(.rpcFailed, "call failed: \(error)", headers: headers, cause: error)
    }
    if let failure = connection.connectionFailure(rpc) { return failure }
    let status = RPCStatus(
      code: RPCStatusCode(rpc.code), message: rpc.message, trailers: rpc.metadata,
      pool: method.inputType.descriptorPool)
    let trailers = RPCMetadata(rpc.metadata)
    // Over the transport's own limit: grpc-swift says INTERNAL "Failed to decode message", with the sizes in the
    // message only in some stream states.
    if rpc.message.contains("maximum payload size")
      || (rpc.code == .internalError && rpc.message.hasPrefix("Failed to decode message"))
    {
      let detail = Self.tooLargeDetail(transportMessage: rpc.message, limit: maxReceiveMessageBytes)
      return responseTooLarge(detail, trailers: trailers, headers: headers, handler: handler, cause: rpc)
    }
    handler.onReceiveTrailers(status, trailers)
    return DynamicClientError(
      .rpcFailed, "\(method.service.fullName)/\(method.name) failed: \(status.code.name): \(rpc.message)",
      status: status, headers: headers, trailers: trailers, cause: rpc)
  }

  /// grpc-go's wording with the caller's limit, for a message the transport refused: the transport's own message
  /// names its (higher) limit, which the caller never set. `actual: N` in it gives the size; otherwise the size is
  /// known only to exceed the transport's limit.
  static func tooLargeDetail(transportMessage: String, limit: Int) -> String {
    if let marker = transportMessage.range(of: "actual: ") {
      let digits = transportMessage[marker.upperBound...].prefix(while: { $0.isASCII && $0.isNumber })
      if let size = Int(digits) { return "received message larger than max (\(size) vs. \(limit))" }
    }
    let refused = RawBytesDeserializer.transportLimit(for: limit)
    return "received message larger than max (more than \(refused) vs. \(limit))"
  }

  private func responseTooLarge(
    _ detail: String, trailers: RPCMetadata, headers: RPCMetadata, handler: some InvocationEventHandler,
    cause: any Error
  ) -> DynamicClientError {
    let status = RPCStatus(code: .resourceExhausted, message: detail)
    handler.onReceiveTrailers(status, trailers)
    return DynamicClientError(
      .responseTooLarge,
      "a response message is larger than the receive limit of \(maxReceiveMessageBytes) bytes "
        + "(raise it with -max-msg-sz): \(detail)",
      status: status, headers: headers, trailers: trailers, cause: cause)
  }
}
