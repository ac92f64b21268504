import DynamicProto

/// A gRPC client for any server and any method, with no generated code: methods and types come from a
/// ``DescriptorSource`` (server reflection by default), requests and responses are JSON.
///
/// The Swift counterpart of Python's `DynamicGRPCClient`:
///
/// ```swift
/// try await withConnectionPool { pool in
///   let client = try DynamicClient(target: "localhost:50051", options: .plaintext, pool: pool)
///   print(try await client.listServices())
///   let user = try await client.invoke("api.users.UserService/GetUser", json: #"{"userId": "1"}"#)
///   print(user.json)
/// }
/// ```
///
/// A client is a cheap value: its connection lives in the ``ConnectionPool`` (shared by every client with the
/// same address and connection options) and its reflected descriptors in the pool's ``DescriptorCache``.
/// Failures are ``DynamicClientError``s.
public struct DynamicClient: Sendable {
  /// The server.
  public let address: ServerAddress
  /// Connection, limits, JSON and descriptor settings.
  public let options: DynamicClientOptions
  /// Where connections and cached descriptors live.
  public let pool: ConnectionPool
  /// Where descriptors come from (cached when the options say so).
  public let descriptors: any DescriptorSource

  /// - Parameter target: `host:port`, `[ipv6]:port` or `unix:/path`.
  /// - Throws: ``DynamicClientError`` `.invalidArgument` for a malformed address or invalid options.
  public init(target: String, options: DynamicClientOptions = DynamicClientOptions(), pool: ConnectionPool)
    throws(DynamicClientError)
  {
    try self.init(address: ServerAddress(parsing: target), options: options, pool: pool)
  }

  public init(address: ServerAddress, options: DynamicClientOptions = DynamicClientOptions(), pool: ConnectionPool)
    throws(DynamicClientError)
  {
    try options.validate()
    self.address = address
    self.options = options
    self.pool = pool
    let reflection = ReflectionDescriptorSource(
      address: address, options: options.connection, pool: pool, headers: options.reflectHeaders,
      timeout: options.timeout, maxReceiveMessageBytes: max(options.maxReceiveMessageBytes, 16 << 20))
    let cached: any DescriptorSource =
      options.cachesDescriptors && options.descriptorCacheTTL != .zero
      ? CachedDescriptorSource(
        base: reflection, cache: pool.descriptorCache, target: Self.cacheTarget(address, options),
        ttl: options.descriptorCacheTTL)
      : reflection
    switch options.descriptorSource {
    case .reflection: descriptors = cached
    case .files(let files): descriptors = files
    case .reflectionWithFallback(let files): descriptors = CompositeDescriptorSource(primary: cached, fallback: files)
    case .custom(let source): descriptors = source
    }
  }

  /// The cache key: one entry set per server and way of asking it.
  static func cacheTarget(_ address: ServerAddress, _ options: DynamicClientOptions) -> String {
    var key = address.description
    if let authority = options.connection.effectiveAuthority { key += " authority=\(authority)" }
    if !options.reflectHeaders.isEmpty { key += " headers=\(options.reflectHeaders.description.hashValue)" }
    return key
  }

  // MARK: Discovery

  /// Fully-qualified names of the server's services, sorted (reflection's own service included, as grpcurl).
  public func listServices() async throws -> [String] {
    try await descriptors.listServices()
  }

  /// A service with its methods (names, input and output types, streaming kinds).
  ///
  /// - Throws: ``DynamicClientError`` `.serviceNotFound`.
  public func serviceDescriptor(_ name: String) async throws -> ServiceDescriptor {
    let pool = try await descriptorPool(containing: name, notFound: .serviceNotFound)
    guard let service = pool.service(named: name) else {
      throw DynamicClientError(.serviceNotFound, "\"\(name)\" is not a service")
    }
    return service
  }

  /// Any symbol — service, method, message, enum, field, enum value — for `describe`.
  ///
  /// - Throws: ``DynamicClientError`` `.symbolNotFound`.
  public func describe(symbol: String) async throws -> Symbol {
    let name = symbol.hasPrefix(".") ? String(symbol.dropFirst()) : symbol
    // Servers answer for types, services, methods; for a field or enum value some only know its parent: ask for
    // ever shorter prefixes and look the full name up in what comes back.
    var candidate = name
    var firstError: (any Error)?
    while true {
      do {
        let pool = try await descriptorPool(containing: candidate, notFound: .symbolNotFound)
        if let found = pool.symbol(named: name) { return found }
      } catch let error as DynamicClientError where error.code == .symbolNotFound {
        firstError = firstError ?? error
      }
      guard let dot = candidate.lastIndex(of: ".") else { break }
      candidate = String(candidate[..<dot])
    }
    throw firstError ?? DynamicClientError(.symbolNotFound, "symbol \"\(name)\" not found")
  }

  /// The pool holding the server's services and all their dependencies (`describe` with no symbol).
  public func descriptorPoolOfAllServices() async throws -> DescriptorPool {
    try await descriptors.descriptorPoolOfAllServices()
  }

  /// A method, by `pkg.Service/Method` or `pkg.Service.Method`.
  ///
  /// - Throws: ``DynamicClientError`` `.invalidArgument`, `.serviceNotFound` or `.methodNotFound` (listing the
  ///   service's methods).
  public func method(_ name: String) async throws -> MethodDescriptor {
    try await method(MethodName(parsing: name))
  }

  public func method(_ name: MethodName) async throws -> MethodDescriptor {
    try await methodReportingCache(name).method
  }

  /// The method, and whether its descriptors were already cached (so possibly stale).
  func methodReportingCache(_ name: MethodName) async throws -> (method: MethodDescriptor, cached: Bool) {
    let (pool, cached) = try await descriptorPoolReportingCache(containing: name.service, notFound: .serviceNotFound)
    guard let service = pool.service(named: name.service) else {
      throw DynamicClientError(.serviceNotFound, "\"\(name.service)\" is not a service")
    }
    guard let method = service.method(named: name.method) else {
      let names = service.methods.map(\.name).joined(separator: ", ")
      throw DynamicClientError(
        .methodNotFound, "service \"\(name.service)\" has no method \"\(name.method)\" (methods: \(names))")
    }
    return (method, cached)
  }

  /// The extensions of a message type the server knows (grpcurl `describe` of an extendable type).
  public func extensions(of typeName: String) async throws -> [FieldDescriptor] {
    let files = try await descriptors.extensions(of: typeName)
    guard !files.isEmpty else { return [] }
    let base = try await descriptors.file(containingSymbol: typeName)
    let pool = try DescriptorPool.resolving(base + files)
    guard let message = pool.message(named: typeName) else { return [] }
    return pool.extensions(of: message)
  }

  private func descriptorPool(containing symbol: String, notFound: DynamicClientError.Code) async throws
    -> DescriptorPool
  {
    try await descriptorPoolReportingCache(containing: symbol, notFound: notFound).pool
  }

  private func descriptorPoolReportingCache(containing symbol: String, notFound: DynamicClientError.Code)
    async throws -> (pool: DescriptorPool, cached: Bool)
  {
    do {
      if let cached = descriptors as? CachedDescriptorSource {
        return try await cached.descriptorPoolReportingCache(containing: [symbol])
      }
      // A composite's answer may come from its cached primary: count it as possibly stale.
      return (try await descriptors.descriptorPool(containing: [symbol]), descriptors is CompositeDescriptorSource)
    } catch var error as DynamicClientError where error.code == .symbolNotFound {
      error.code = notFound
      if notFound == .serviceNotFound { error.message = "service \"\(symbol)\" not found" }
      throw error
    }
  }

  /// Drops the cached descriptors of this server (the next lookup asks again).
  public func invalidateDescriptors() {
    (descriptors as? CachedDescriptorSource)?.invalidate()
    ((descriptors as? CompositeDescriptorSource)?.primary as? CachedDescriptorSource)?.invalidate()
  }
}
