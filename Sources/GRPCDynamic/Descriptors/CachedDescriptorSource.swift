import DynamicProto
import SwiftProtobuf

/// A descriptor source whose answers are kept in a ``DescriptorCache`` under one target key.
///
/// Each distinct lookup (the service list, one symbol, one set of symbols) is an entry: fetched once per TTL,
/// shared by concurrent callers. ``invalidate()`` drops every entry of the target.
public struct CachedDescriptorSource: DescriptorSource {
  /// The source asked on a miss.
  public let base: any DescriptorSource
  /// Where answers are kept.
  public let cache: DescriptorCache
  /// The cache key of the server and the way it is asked (address, authority, reflection headers).
  public let target: String
  /// How long answers stay fresh; nil uses the cache's own TTL.
  public let ttl: Duration?

  public init(base: any DescriptorSource, cache: DescriptorCache, target: String, ttl: Duration? = nil) {
    self.base = base
    self.cache = cache
    self.target = target
    self.ttl = ttl
  }

  public func listServices() async throws -> [String] {
    try await cache.value(target: target, query: "services", ttl: ttl) { try await base.listServices() }
  }

  public func file(containingSymbol symbol: String) async throws -> [Google_Protobuf_FileDescriptorProto] {
    try await cache.value(target: target, query: "symbol:" + symbol, ttl: ttl) {
      try await base.file(containingSymbol: symbol)
    }
  }

  public func file(named name: String) async throws -> [Google_Protobuf_FileDescriptorProto] {
    try await cache.value(target: target, query: "file:" + name, ttl: ttl) { try await base.file(named: name) }
  }

  public func extensions(of typeName: String) async throws -> [Google_Protobuf_FileDescriptorProto] {
    try await cache.value(target: target, query: "extensions:" + typeName, ttl: ttl) {
      try await base.extensions(of: typeName)
    }
  }

  public func descriptorPool(containing symbols: [String]) async throws -> DescriptorPool {
    try await descriptorPoolReportingCache(containing: symbols).pool
  }

  /// ``descriptorPool(containing:)``, also telling whether the answer was already cached.
  public func descriptorPoolReportingCache(containing symbols: [String]) async throws
    -> (pool: DescriptorPool, cached: Bool)
  {
    let key = symbols.count == 1 ? "pool:" + symbols[0] : "pool:" + Set(symbols).sorted().joined(separator: ",")
    let (pool, cached) = try await cache.lookup(target: target, query: key, ttl: ttl) {
      try await base.descriptorPool(containing: symbols)
    }
    return (pool, cached)
  }

  /// Drops the target's cached answers; the next lookups fetch again.
  public func invalidate() { cache.invalidate(target: target) }
}
