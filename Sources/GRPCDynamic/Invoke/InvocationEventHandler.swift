import DynamicProto

/// Receives the events of one call, in order, so a front end can print them (grpcurl's `InvocationEventHandler`):
/// the library itself never prints.
///
/// Order: ``onResolveMethod(_:)``, ``onSendHeaders(_:)``, then ``onReceiveHeaders(_:)`` (unless the server answered
/// with trailers only), ``onReceiveResponse(_:)`` per response message, and ``onReceiveTrailers(_:_:)`` exactly once
/// when the call reached the server or its status was decided locally (deadline). For a non-OK status the call
/// then throws a ``DynamicClientError`` carrying the same status. Callbacks run on the calling task's executor,
/// one at a time; keep them short. Every method has an empty default.
public protocol InvocationEventHandler: Sendable {
  /// The method was found in the descriptors.
  func onResolveMethod(_ method: MethodDescriptor)
  /// The request headers about to be sent.
  func onSendHeaders(_ headers: RPCMetadata)
  /// The server's response headers.
  func onReceiveHeaders(_ headers: RPCMetadata)
  /// One response message, decoded and rendered with the client's JSON options.
  func onReceiveResponse(_ response: ResponseMessage)
  /// The call's status and trailers.
  func onReceiveTrailers(_ status: RPCStatus, _ trailers: RPCMetadata)
}

extension InvocationEventHandler {
  public func onResolveMethod(_ method: MethodDescriptor) {}
  public func onSendHeaders(_ headers: RPCMetadata) {}
  public func onReceiveHeaders(_ headers: RPCMetadata) {}
  public func onReceiveResponse(_ response: ResponseMessage) {}
  public func onReceiveTrailers(_ status: RPCStatus, _ trailers: RPCMetadata) {}
}

/// A handler that ignores every event.
public struct IgnoringEventHandler: InvocationEventHandler {
  public init() {}
}

/// A response message: the decoded message and its JSON text.
public struct ResponseMessage: Sendable {
  /// The decoded message.
  public let message: DynamicMessage
  /// The message as ProtoJSON, rendered with the client's ``JSONOptions``.
  public let json: String
}

/// What a call produced besides its messages: headers, trailers and the (OK) status.
public struct CallSummary: Sendable {
  /// The method called.
  public var method: MethodDescriptor
  /// Response headers.
  public var headers: RPCMetadata
  /// Trailers.
  public var trailers: RPCMetadata
  /// The status, always OK when returned (a non-OK status is thrown).
  public var status: RPCStatus
  /// How many response messages arrived.
  public var responseCount: Int
}

/// The result of a unary or client-streaming call.
public struct UnaryResponse: Sendable {
  /// The response as ProtoJSON, rendered with the client's ``JSONOptions``.
  public var json: String
  /// The decoded response.
  public var message: DynamicMessage
  /// Response headers.
  public var headers: RPCMetadata
  /// Trailers.
  public var trailers: RPCMetadata
  /// The status (OK).
  public var status: RPCStatus
}

/// The result of a server- or bidi-streaming call collected in memory.
public struct StreamingResponse: Sendable {
  /// Every response, as ProtoJSON, in order.
  public var json: [String]
  /// Every response, decoded.
  public var messages: [DynamicMessage]
  public var headers: RPCMetadata
  public var trailers: RPCMetadata
  public var status: RPCStatus
}
