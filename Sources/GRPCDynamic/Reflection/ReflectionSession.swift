import Foundation
import GRPCProtos
import SwiftProtobuf
import Synchronization

/// One open `ServerReflectionInfo` stream: each request is written, then its response awaited (the protocol
/// answers in order), so any number of lookups share one stream.
///
/// Lives for one ``ReflectionClient/withSession(_:)`` call. Safe to use from several tasks; responses are matched
/// to requests in order. When the stream ends or fails, every pending and later request fails with the stream's
/// error (already classified: reflection-unsupported, connection failure, ...).
public final class ReflectionSession: Sendable {
  typealias Request = Grpc_Reflection_V1_ServerReflectionRequest
  typealias Response = Grpc_Reflection_V1_ServerReflectionResponse

  private struct State {
    var waiters: [CheckedContinuation<Response, any Error>] = []
    var failure: (any Error)?
    var responses = 0
  }

  /// The protocol version this stream speaks.
  public let version: ReflectionVersion
  private let state = Mutex(State())
  private let requests: AsyncStream<Request>.Continuation
  /// Turns the stream's failure into the error callers see; `true` when no response has been received yet.
  private let classify: @Sendable (any Error, _ beforeFirstResponse: Bool) -> any Error

  init(
    version: ReflectionVersion, requests: AsyncStream<Request>.Continuation,
    classify: @escaping @Sendable (any Error, Bool) -> any Error
  ) {
    self.version = version
    self.requests = requests
    self.classify = classify
  }

  // MARK: Lookups

  /// `list_services`: the fully-qualified names of the services the server exposes.
  public func listServices() async throws -> [String] {
    var request = Request()
    request.listServices = "*"
    let response = try await roundTrip(request, what: "list services")
    guard case .listServicesResponse(let list)? = response.messageResponse else {
      throw unexpected(response, what: "list services")
    }
    return list.service.map(\.name)
  }

  /// `file_containing_symbol`: the file defining a symbol, possibly followed by (some of) its dependencies.
  public func fileContainingSymbol(_ symbol: String) async throws -> [Google_Protobuf_FileDescriptorProto] {
    var request = Request()
    request.fileContainingSymbol = symbol
    return try await files(request, what: "symbol \"\(symbol)\"", notFound: .symbolNotFound)
  }

  /// `file_by_filename`: a file by name, possibly followed by (some of) its dependencies.
  public func fileByFilename(_ name: String) async throws -> [Google_Protobuf_FileDescriptorProto] {
    var request = Request()
    request.fileByFilename = name
    return try await files(request, what: "file \"\(name)\"", notFound: .descriptorSourceFailed)
  }

  /// `file_containing_extension`: the file defining extension `number` of `type`.
  public func fileContainingExtension(of type: String, number: Int32) async throws
    -> [Google_Protobuf_FileDescriptorProto]
  {
    var request = Request()
    request.fileContainingExtension = .with {
      $0.containingType = type
      $0.extensionNumber = number
    }
    return try await files(request, what: "extension \(number) of \(type)", notFound: .symbolNotFound)
  }

  /// `all_extension_numbers_of_type`: the extension field numbers the server knows for a message type.
  public func allExtensionNumbers(of type: String) async throws -> [Int32] {
    var request = Request()
    request.allExtensionNumbersOfType = type
    let response = try await roundTrip(request, what: "extensions of \(type)")
    guard case .allExtensionNumbersResponse(let numbers)? = response.messageResponse else {
      throw unexpected(response, what: "extensions of \(type)")
    }
    return numbers.extensionNumber
  }

  // MARK: Plumbing

  private func files(_ request: Request, what: String, notFound: DynamicClientError.Code) async throws
    -> [Google_Protobuf_FileDescriptorProto]
  {
    let response = try await roundTrip(request, what: what)
    guard case .fileDescriptorResponse(let files)? = response.messageResponse else {
      throw unexpected(response, what: what, notFound: notFound)
    }
    return try files.fileDescriptorProto.map { data in
      do {
        return try Google_Protobuf_FileDescriptorProto(serializedBytes: data)
      } catch {
        throw DynamicClientError(
          .reflectionFailed, "reflection: the server sent an undecodable file descriptor for \(what): \(error)",
          cause: error)
      }
    }
  }

  private func unexpected(_ response: Response, what: String, notFound: DynamicClientError.Code = .reflectionFailed)
    -> DynamicClientError
  {
    if case .errorResponse(let error)? = response.messageResponse {
      let code = RPCStatusCode(rawValue: Int(error.errorCode))
      let status = RPCStatus(code: code, message: error.errorMessage)
      if code == .notFound {
        return DynamicClientError(notFound, "\(what) not found (reflection: \(error.errorMessage))", status: status)
      }
      return DynamicClientError(
        .reflectionFailed, "reflection error for \(what): \(code.name): \(error.errorMessage)", status: status)
    }
    return DynamicClientError(.reflectionFailed, "reflection: unexpected answer to \(what)")
  }

  /// Writes one request and waits for its response.
  func roundTrip(_ request: Request, what: String) async throws -> Response {
    try Task.checkCancellation()
    return try await withCheckedThrowingContinuation { continuation in
      let failure = state.withLock { state -> (any Error)? in
        if let failure = state.failure { return failure }
        state.waiters.append(continuation)
        // Yield under the lock so concurrent requests reach the stream in the order their waiters were queued.
        requests.yield(request)
        return nil
      }
      if let failure { continuation.resume(throwing: failure) }
    }
  }

  /// A response arrived: resume the oldest waiter.
  func deliver(_ response: Response) {
    let waiter = state.withLock { state -> CheckedContinuation<Response, any Error>? in
      state.responses += 1
      return state.waiters.isEmpty ? nil : state.waiters.removeFirst()
    }
    waiter?.resume(returning: response)
  }

  /// The stream ended or failed: fail every waiter, now and later, with the classified error.
  func fail(_ error: any Error) {
    let waiters = state.withLock { state -> [CheckedContinuation<Response, any Error>] in
      if state.failure == nil { state.failure = classify(error, state.responses == 0) }
      defer { state.waiters = [] }
      return state.waiters
    }
    let failure = state.withLock { $0.failure! }
    for waiter in waiters { waiter.resume(throwing: failure) }
  }
}
