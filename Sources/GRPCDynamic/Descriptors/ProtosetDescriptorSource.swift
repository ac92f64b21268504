import DynamicProto
import Foundation
import SwiftProtobuf

/// Descriptors from files on disk: protosets (`protoc --include_imports --descriptor_set_out`, grpcurl
/// `-protoset`) or `.proto` sources compiled with protoc (grpcurl `-proto`, see ``init(protoFiles:importPaths:)``).
///
/// Everything is loaded into one ``DescriptorPool`` up front; lookups are dictionary hits.
public struct ProtosetDescriptorSource: DescriptorSource {
  /// The loaded descriptors (built-in well-known types and google.rpc error details included).
  public let pool: DescriptorPool

  public init(pool: DescriptorPool) { self.pool = pool }

  /// Loads and merges protoset files.
  ///
  /// - Throws: ``DynamicClientError`` `.descriptorSourceFailed` naming the file that cannot be read or decoded, or
  ///   the reference that does not resolve.
  public init(protosetPaths: [String]) throws(DynamicClientError) {
    var files: [Google_Protobuf_FileDescriptorProto] = []
    for path in protosetPaths {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw DynamicClientError(.descriptorSourceFailed, "cannot read protoset file \"\(path)\"")
      }
      do {
        files += try DescriptorPool.decodeFileDescriptorSet(data)
      } catch {
        throw DynamicClientError(.descriptorSourceFailed, "\(path): \(error)", cause: error)
      }
    }
    pool = try DescriptorPool.resolving(files)
  }

  public func listServices() async throws -> [String] { pool.serviceNames }

  public func file(containingSymbol symbol: String) async throws -> [Google_Protobuf_FileDescriptorProto] {
    guard let file = pool.definingFile(of: symbol) else {
      throw DynamicClientError(.symbolNotFound, "symbol \"\(symbol)\" not found in the protoset files")
    }
    return pool.closure(of: file)
  }

  public func file(named name: String) async throws -> [Google_Protobuf_FileDescriptorProto] {
    guard let file = pool.file(named: name) else {
      throw DynamicClientError(.symbolNotFound, "file \"\(name)\" not found in the protoset files")
    }
    return pool.closure(of: file)
  }

  public func extensions(of typeName: String) async throws -> [Google_Protobuf_FileDescriptorProto] {
    guard let message = pool.message(named: typeName) else {
      throw DynamicClientError(.symbolNotFound, "message type \"\(typeName)\" not found in the protoset files")
    }
    var seen = Set<String>()
    return pool.extensions(of: message).flatMap { field in
      pool.closure(of: field.file).filter { seen.insert($0.name).inserted }
    }
  }

  public func descriptorPool(containing symbols: [String]) async throws -> DescriptorPool {
    for symbol in symbols where pool.definingFile(of: symbol) == nil {
      throw DynamicClientError(.symbolNotFound, "symbol \"\(symbol)\" not found in the protoset files")
    }
    return pool
  }
}
