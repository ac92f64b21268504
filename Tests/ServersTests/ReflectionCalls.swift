import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtos
import SwiftProtobuf

typealias ReflectionRequest = Grpc_Reflection_V1_ServerReflectionRequest
typealias ReflectionResponse = Grpc_Reflection_V1_ServerReflectionResponse

/// Reflection calls for tests: one stream carrying `requests`, answered in order, in v1 types whatever the version.
enum ReflectionCalls {
  enum Version { case v1, v1alpha }

  static func exchange(
    _ client: GRPCClient<HTTP2ClientTransport.Posix>, _ version: Version, _ requests: [ReflectionRequest]
  ) async throws -> [ReflectionResponse] {
    switch version {
    case .v1:
      return try await Grpc_Reflection_V1_ServerReflection.Client(wrapping: client).serverReflectionInfo(
        options: TestEnvironment.options(),
        requestProducer: { writer in try await writer.write(contentsOf: requests) },
        onResponse: { response in
          var out: [ReflectionResponse] = []
          for try await message in response.messages where out.count < 1000 { out.append(message) }
          return out
        })
    case .v1alpha:
      let converted = try requests.map {
        try Grpc_Reflection_V1alpha_ServerReflectionRequest(serializedBytes: $0.serializedBytes() as [UInt8])
      }
      return try await Grpc_Reflection_V1alpha_ServerReflection.Client(wrapping: client).serverReflectionInfo(
        options: TestEnvironment.options(),
        requestProducer: { writer in try await writer.write(contentsOf: converted) },
        onResponse: { response in
          var out: [ReflectionResponse] = []
          for try await message in response.messages where out.count < 1000 {
            out.append(try ReflectionResponse(serializedBytes: message.serializedBytes() as [UInt8]))
          }
          return out
        })
    }
  }

  static func listServices(host: String = "") -> ReflectionRequest {
    .with {
      $0.host = host
      $0.listServices = ""
    }
  }

  static func symbol(_ name: String) -> ReflectionRequest { .with { $0.fileContainingSymbol = name } }
  static func file(_ name: String) -> ReflectionRequest { .with { $0.fileByFilename = name } }

  /// The file names of a file_descriptor_response, in order.
  static func fileNames(_ response: ReflectionResponse) throws -> [String] {
    try files(response).map(\.name)
  }

  static func files(_ response: ReflectionResponse) throws -> [Google_Protobuf_FileDescriptorProto] {
    try response.fileDescriptorResponse.fileDescriptorProto.map {
      try Google_Protobuf_FileDescriptorProto(serializedBytes: $0)
    }
  }
}

/// A serializer pair over raw bytes, for calling methods without generated code (the admin services).
struct RawSerializer: MessageSerializer {
  func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
}

struct RawDeserializer: MessageDeserializer {
  func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
    serializedMessageBytes.withUnsafeBytes { Array($0) }
  }
}
