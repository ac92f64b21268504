import DynamicProto
import SwiftProtobuf

/// Where descriptors come from: a server's reflection service, protoset files, compiled `.proto` files, or a
/// combination (grpcurl's `DescriptorSource`).
///
/// Every lookup returns self-contained file sets: the file asked for *and every file it imports, transitively*,
/// de-duplicated by name, in no particular order — ready for `DescriptorPool(files:)`. Lookups of unknown names
/// throw ``DynamicClientError`` with `.symbolNotFound` (or `.serviceNotFound` where a service was expected).
public protocol DescriptorSource: Sendable {
  /// Fully-qualified names of every service, sorted.
  func listServices() async throws -> [String]

  /// The file defining `symbol` (a service, method, message, enum, field or extension) and its dependencies.
  func file(containingSymbol symbol: String) async throws -> [Google_Protobuf_FileDescriptorProto]

  /// The file with this name (`api/users/users.proto`) and its dependencies.
  func file(named name: String) async throws -> [Google_Protobuf_FileDescriptorProto]

  /// The files defining every extension of the message type `typeName` known to the source, and their
  /// dependencies; empty when it has none.
  func extensions(of typeName: String) async throws -> [Google_Protobuf_FileDescriptorProto]

  /// A pool holding every symbol of `symbols` with all dependencies. Sources that can do better than one lookup
  /// per symbol (reflection: one stream for all) override the default.
  func descriptorPool(containing symbols: [String]) async throws -> DescriptorPool
}

extension DescriptorSource {
  public func descriptorPool(containing symbols: [String]) async throws -> DescriptorPool {
    var files: [Google_Protobuf_FileDescriptorProto] = []
    for symbol in symbols { files += try await file(containingSymbol: symbol) }
    return try DescriptorPool.resolving(files)
  }

  /// A pool with every service the source lists, and their dependencies (`describe` with no symbol).
  public func descriptorPoolOfAllServices() async throws -> DescriptorPool {
    try await descriptorPool(containing: listServices())
  }
}

extension DescriptorPool {
  /// Builds a pool from fetched files, de-duplicated by name (first copy wins).
  ///
  /// - Throws: ``DynamicClientError`` `.descriptorSourceFailed` when the files do not resolve.
  static func resolving(_ files: [Google_Protobuf_FileDescriptorProto]) throws(DynamicClientError) -> DescriptorPool {
    var seen = Set<String>()
    let unique = files.filter { seen.insert($0.name).inserted }
    do {
      return try DescriptorPool(files: unique)
    } catch {
      throw DynamicClientError(.descriptorSourceFailed, "descriptors do not resolve: \(error)", cause: error)
    }
  }

  /// The file that defines a symbol of this pool, or nil for a package name or unknown symbol.
  func definingFile(of symbol: String) -> FileDescriptor? {
    switch self.symbol(named: symbol) {
    case .message(let m)?: m.file
    case .enumType(let e)?: e.file
    case .service(let s)?: s.file
    case .method(let m)?: m.service.file
    case .field(let f)?: f.file
    case .enumValue(let v)?: v.enumType.file
    case .oneof(let o)?: o.message.file
    case .package?, nil: nil
    }
  }

  /// A file and every file it imports, transitively.
  func closure(of file: FileDescriptor) -> [Google_Protobuf_FileDescriptorProto] {
    var seen = Set<String>()
    var result: [Google_Protobuf_FileDescriptorProto] = []
    var stack = [file]
    while let next = stack.popLast() {
      guard seen.insert(next.name).inserted else { continue }
      result.append(next.proto)
      stack += next.dependencies
    }
    return result
  }
}
