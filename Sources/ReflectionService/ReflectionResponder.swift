import DynamicProto
import Foundation
import GRPCProtos
import SwiftProtobuf

/// Answers single reflection requests from a ``DescriptorPool`` (v1 message types; v1alpha has the same layout).
///
/// Immutable and `Sendable`: the per-stream state (which files this stream already sent) is passed in by the caller.
struct ReflectionResponder: Sendable {
  typealias Request = Grpc_Reflection_V1_ServerReflectionRequest
  typealias Response = Grpc_Reflection_V1_ServerReflectionResponse

  let pool: DescriptorPool
  let serviceNames: [String]
  let sendDependencies: Bool
  /// Serialized `FileDescriptorProto` per file name, computed once.
  private let serializedFiles: [String: Data]

  init(pool: DescriptorPool, serviceNames: [String], sendDependencies: Bool) {
    self.pool = pool
    self.serviceNames = Array(Set(serviceNames)).sorted()
    self.sendDependencies = sendDependencies
    var serialized: [String: Data] = [:]
    for file in pool.files {
      serialized[file.name] = (try? file.proto.serializedBytes()) ?? Data()
    }
    self.serializedFiles = serialized
  }

  /// The response to one request. `sentFiles` is the set of file names this stream already sent (grpc-go: a file's
  /// dependencies are sent once per stream; the requested file itself is always sent).
  func respond(to request: Request, sentFiles: inout Set<String>) -> Response {
    var response = Response()
    response.validHost = request.host
    response.originalRequest = request
    switch request.messageRequest {
    case .listServices:
      var list = Grpc_Reflection_V1_ListServiceResponse()
      list.service = serviceNames.map { name in
        var service = Grpc_Reflection_V1_ServiceResponse()
        service.name = name
        return service
      }
      response.listServicesResponse = list
    case .fileByFilename(let name):
      if let file = pool.file(named: name) {
        response.fileDescriptorResponse = files(for: file, sentFiles: &sentFiles)
      } else {
        response.errorResponse = Self.error(.notFound, "file not found: \(name)")
      }
    case .fileContainingSymbol(let symbol):
      if let file = file(containingSymbol: symbol) {
        response.fileDescriptorResponse = files(for: file, sentFiles: &sentFiles)
      } else {
        response.errorResponse = Self.error(.notFound, "symbol not found: \(symbol)")
      }
    case .fileContainingExtension(let request):
      if let message = pool.message(named: request.containingType),
        let field = pool.extensions(of: message).first(where: { $0.number == request.extensionNumber })
      {
        response.fileDescriptorResponse = files(for: field.file, sentFiles: &sentFiles)
      } else {
        response.errorResponse = Self.error(
          .notFound, "extension not found: \(request.containingType) field \(request.extensionNumber)")
      }
    case .allExtensionNumbersOfType(let typeName):
      if let message = pool.message(named: typeName) {
        var numbers = Grpc_Reflection_V1_ExtensionNumberResponse()
        numbers.baseTypeName = message.fullName
        numbers.extensionNumber = pool.extensions(of: message).map(\.number)
        response.allExtensionNumbersResponse = numbers
      } else {
        response.errorResponse = Self.error(.notFound, "message type not found: \(typeName)")
      }
    case nil:
      response.errorResponse = Self.error(.invalidArgument, "empty or unknown message_request")
    }
    return response
  }

  /// The file declaring a symbol: a service, method, message, enum, field, enum value, oneof or extension.
  func file(containingSymbol name: String) -> FileDescriptor? {
    switch pool.symbol(named: name) {
    case .message(let m): m.file
    case .enumType(let e): e.file
    case .service(let s): s.file
    case .method(let m): m.service.file
    case .field(let f): f.file
    case .enumValue(let v): v.enumType.file
    case .oneof(let o): o.message.file
    case .package, nil: nil
    }
  }

  /// The file first, then (when `sendDependencies`) its transitive imports this stream has not sent yet,
  /// breadth-first like grpc-go.
  func files(for file: FileDescriptor, sentFiles: inout Set<String>) -> Grpc_Reflection_V1_FileDescriptorResponse {
    var out: [Data] = []
    var queue: [FileDescriptor] = [file]
    var visited: Set<String> = []
    var head = 0
    while head < queue.count {
      let current = queue[head]
      head += 1
      guard visited.insert(current.name).inserted else { continue }
      if head == 1 || !sentFiles.contains(current.name) {
        sentFiles.insert(current.name)
        out.append(serializedFiles[current.name] ?? Data())
      }
      guard sendDependencies else { break }
      queue.append(contentsOf: current.dependencies)
    }
    var response = Grpc_Reflection_V1_FileDescriptorResponse()
    response.fileDescriptorProto = out
    return response
  }

  enum ErrorCode: Int32 {
    case invalidArgument = 3
    case notFound = 5
  }

  static func error(_ code: ErrorCode, _ message: String) -> Grpc_Reflection_V1_ErrorResponse {
    var error = Grpc_Reflection_V1_ErrorResponse()
    error.errorCode = code.rawValue
    error.errorMessage = message
    return error
  }
}
