import DynamicProto
import SwiftProtobuf

/// Reflection first, files second (grpcurl with both `-protoset`/`-proto` and reflection): a symbol the server
/// does not know — or a server without reflection — is looked up in the fallback source.
///
/// Connection and TLS failures are not hidden by the fallback: they are thrown as they are. The service list is the
/// union of both sources (the fallback's alone when reflection fails).
public struct CompositeDescriptorSource: DescriptorSource {
  /// Tried first (normally a reflection source, cached).
  public let primary: any DescriptorSource
  /// Tried when the primary does not know a symbol or serves no reflection.
  public let fallback: any DescriptorSource

  public init(primary: any DescriptorSource, fallback: any DescriptorSource) {
    self.primary = primary
    self.fallback = fallback
  }

  /// Services of both sources, merged and sorted.
  public func listServices() async throws -> [String] {
    let fromFallback = try await fallback.listServices()
    let fromPrimary = try await orEmpty { try await primary.listServices() }
    return Array(Set(fromPrimary + fromFallback)).sorted()
  }

  public func file(containingSymbol symbol: String) async throws -> [Google_Protobuf_FileDescriptorProto] {
    try await either { try await $0.file(containingSymbol: symbol) }
  }

  public func file(named name: String) async throws -> [Google_Protobuf_FileDescriptorProto] {
    try await either { try await $0.file(named: name) }
  }

  public func extensions(of typeName: String) async throws -> [Google_Protobuf_FileDescriptorProto] {
    let fromPrimary = try await orEmpty { try await primary.extensions(of: typeName) }
    let fromFallback = try await orEmptyIfUnknown { try await fallback.extensions(of: typeName) }
    return fromPrimary + fromFallback
  }

  public func descriptorPool(containing symbols: [String]) async throws -> DescriptorPool {
    do {
      return try await primary.descriptorPool(containing: symbols)
    } catch let error as DynamicClientError where Self.fallsBack(error) {
      var files: [Google_Protobuf_FileDescriptorProto] = []
      for symbol in symbols { files += try await file(containingSymbol: symbol) }
      return try DescriptorPool.resolving(files)
    }
  }

  /// Failures of the primary worth asking the fallback about: it does not know the symbol, serves no reflection,
  /// or its reflection failed (protected, broken). Connection and TLS failures are not: calls would fail the same.
  static func fallsBack(_ error: DynamicClientError) -> Bool {
    [.reflectionNotSupported, .reflectionFailed, .symbolNotFound, .serviceNotFound, .descriptorSourceFailed]
      .contains(error.code)
  }

  private func either<R>(_ lookup: (any DescriptorSource) async throws -> R) async throws -> R {
    do {
      return try await lookup(primary)
    } catch let error as DynamicClientError where Self.fallsBack(error) {
      return try await lookup(fallback)
    }
  }

  private func orEmpty<E>(_ lookup: () async throws -> [E]) async throws -> [E] {
    do {
      return try await lookup()
    } catch let error as DynamicClientError where Self.fallsBack(error) {
      return []
    }
  }

  private func orEmptyIfUnknown<E>(_ lookup: () async throws -> [E]) async throws -> [E] {
    do {
      return try await lookup()
    } catch let error as DynamicClientError where error.code == .symbolNotFound {
      return []
    }
  }
}
