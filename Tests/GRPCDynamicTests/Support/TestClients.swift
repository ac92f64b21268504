import DynamicProto
import Foundation
import GRPCDynamic
import SwiftProtobuf
import Synchronization
import Testing

/// Short pool timings for tests, and the usual plaintext client options with a per-call bound.
enum TestClients {
  static let options = DynamicClientOptions(
    connection: ConnectionOptions(security: .plaintext, connectTimeout: .seconds(5)), timeout: .seconds(20))

  /// Runs `body` with a pool and a plaintext client for `address`; every wait in it is bounded by the options.
  static func with<R: Sendable>(
    _ address: String, options: DynamicClientOptions = TestClients.options,
    configuration: ConnectionPool.Configuration = .init(),
    _ body: (DynamicClient) async throws -> R
  ) async throws -> R {
    try await withConnectionPool(configuration: configuration) { pool in
      try await body(DynamicClient(target: address, options: options, pool: pool))
    }
  }

  /// The demo's admin counters (`reflectprobe.demo.Admin/Stats`), read with a client that never reflects.
  static func demoStats(_ client: DynamicClient) async throws -> [String: Int] {
    let response = try await client.invoke("reflectprobe.demo.Admin/Stats", json: "{}")
    let object = try JSONSerialization.jsonObject(with: Data(response.json.utf8)) as? [String: Any] ?? [:]
    return object.compactMapValues { ($0 as? NSNumber)?.intValue }
  }

  /// A descriptor source for the demo's admin service only, so reading stats does not touch the cache under test.
  static func adminOnlyOptions() throws -> DynamicClientOptions {
    var options = TestClients.options
    options.descriptorSource = .files(ProtosetDescriptorSource(pool: try adminPool()))
    return options
  }

  static func adminPool() throws -> DescriptorPool {
    try servicePool(
      file: "reflectprobe/demo/admin.proto", package: "reflectprobe.demo", importing: "google/protobuf/struct.proto",
      service: "Admin", methods: ["SetHealth", "Stats"], messageType: ".google.protobuf.Struct")
  }

  /// A pool of one proto3 file with one service whose unary `methods` all take and return `messageType` (a
  /// well-known type from `importing`).
  static func servicePool(
    file name: String, package: String, importing dependency: String, service serviceName: String,
    methods: [String], messageType: String
  ) throws -> DescriptorPool {
    var file = Google_Protobuf_FileDescriptorProto()
    file.name = name
    file.package = package
    file.syntax = "proto3"
    file.dependency = [dependency]
    var service = Google_Protobuf_ServiceDescriptorProto()
    service.name = serviceName
    service.method = methods.map { name in
      var method = Google_Protobuf_MethodDescriptorProto()
      method.name = name
      method.inputType = messageType
      method.outputType = messageType
      return method
    }
    file.service = [service]
    return try DescriptorPool(files: [file])
  }

}

/// Records every event of a call, for assertions on order and content.
final class RecordingHandler: InvocationEventHandler {
  enum Event: Equatable {
    case resolve(String)
    case sendHeaders(RPCMetadata)
    case receiveHeaders(RPCMetadata)
    case response(String)
    case trailers(RPCStatusCode, RPCMetadata)
  }

  private let recorded = Mutex<[Event]>([])
  var events: [Event] { recorded.withLock { $0 } }
  var responses: [String] { events.compactMap { if case .response(let json) = $0 { json } else { nil } } }

  func onResolveMethod(_ method: MethodDescriptor) { recorded.withLock { $0.append(.resolve(method.fullName)) } }
  func onSendHeaders(_ headers: RPCMetadata) { recorded.withLock { $0.append(.sendHeaders(headers)) } }
  func onReceiveHeaders(_ headers: RPCMetadata) { recorded.withLock { $0.append(.receiveHeaders(headers)) } }
  func onReceiveResponse(_ response: ResponseMessage) { recorded.withLock { $0.append(.response(response.json)) } }
  func onReceiveTrailers(_ status: RPCStatus, _ trailers: RPCMetadata) {
    recorded.withLock { $0.append(.trailers(status.code, trailers)) }
  }
}

/// Parses a JSON object for field assertions.
func jsonObject(_ text: String) throws -> [String: Any] {
  let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
  guard let object = value as? [String: Any] else { throw PeerError("not a JSON object: \(text)") }
  return object
}

/// Runs `body`, expecting a ``DynamicClientError``; returns it (records an issue and throws otherwise).
func expectClientError(
  _ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
) async throws -> DynamicClientError {
  do {
    try await body()
  } catch let error as DynamicClientError {
    return error
  } catch {
    Issue.record("expected a DynamicClientError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    throw error
  }
  Issue.record("expected a DynamicClientError, the call succeeded", sourceLocation: sourceLocation)
  throw PeerError("no error")
}

/// A lock-protected list shared with concurrent closures.
final class SharedList<Element: Sendable>: Sendable {
  private let storage = Mutex<[Element]>([])
  var items: [Element] { storage.withLock { $0 } }
  var count: Int { storage.withLock { $0.count } }

  /// Appends and returns the new count.
  @discardableResult func append(_ element: Element) -> Int {
    storage.withLock {
      $0.append(element)
      return $0.count
    }
  }
}
