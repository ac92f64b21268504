import DynamicProto
import SwiftProtobuf

/// Descriptors from a server's reflection service (grpcurl's default source).
///
/// Each lookup opens one reflection stream on the shared connection and fetches the file asked for plus every
/// missing import, recursively (grpcio sends a file with its dependencies, other servers only the file: both
/// work), never asking for a file it already has or one of the built-in well-known types. Not cached: wrap it in
/// a ``CachedDescriptorSource`` (``DynamicClient`` does).
public struct ReflectionDescriptorSource: DescriptorSource {
  /// The server.
  public let address: ServerAddress
  /// How to connect (the same options share the pooled connection with calls).
  public let options: ConnectionOptions
  /// Headers sent on every reflection stream (grpcurl `-reflect-header`).
  public let headers: RPCMetadata
  /// Deadline of each reflection stream; nil for none (the connect timeout still applies).
  public let timeout: Duration?
  /// Largest reflection response accepted.
  public let maxReceiveMessageBytes: Int
  let pool: ConnectionPool

  public init(
    address: ServerAddress, options: ConnectionOptions, pool: ConnectionPool, headers: RPCMetadata = [:],
    timeout: Duration? = nil, maxReceiveMessageBytes: Int = 4 << 20
  ) {
    self.address = address
    self.options = options
    self.pool = pool
    self.headers = headers
    self.timeout = timeout
    self.maxReceiveMessageBytes = maxReceiveMessageBytes
  }

  /// Runs `body` with one reflection stream to the server.
  public func withSession<R: Sendable>(_ body: (ReflectionSession) async throws -> R) async throws -> R {
    try await pool.withConnection(to: address, options: options) { connection in
      let client = ReflectionClient(
        connection: connection, pool: pool, headers: headers, timeout: timeout,
        maxReceiveMessageBytes: maxReceiveMessageBytes)
      return try await client.withSession(body)
    }
  }

  public func listServices() async throws -> [String] {
    try await withSession { try await $0.listServices() }.sorted()
  }

  public func file(containingSymbol symbol: String) async throws -> [Google_Protobuf_FileDescriptorProto] {
    try await withSession { session in
      var files = FileSet()
      try await files.add(session.fileContainingSymbol(symbol), using: session)
      return files.files
    }
  }

  public func file(named name: String) async throws -> [Google_Protobuf_FileDescriptorProto] {
    try await withSession { session in
      var files = FileSet()
      try await files.add(session.fileByFilename(name), using: session)
      return files.files
    }
  }

  public func extensions(of typeName: String) async throws -> [Google_Protobuf_FileDescriptorProto] {
    try await withSession { session in
      var files = FileSet()
      for number in try await session.allExtensionNumbers(of: typeName) {
        try await files.add(session.fileContainingExtension(of: typeName, number: number), using: session)
      }
      return files.files
    }
  }

  public func descriptorPool(containing symbols: [String]) async throws -> DescriptorPool {
    let files = try await withSession { session in
      var files = FileSet()
      for symbol in Set(symbols).sorted() {
        try await files.add(session.fileContainingSymbol(symbol), using: session)
      }
      return files.files
    }
    return try DescriptorPool.resolving(files)
  }
}

/// Files fetched over one reflection stream, completed with their imports.
struct FileSet {
  private(set) var files: [Google_Protobuf_FileDescriptorProto] = []
  private var names = Set<String>()

  /// Adds files, then fetches every import not yet present (built-ins excepted), transitively.
  mutating func add(_ fetched: [Google_Protobuf_FileDescriptorProto], using session: ReflectionSession) async throws {
    insert(fetched)
    // Each round fetches one missing file, so the loop ends after at most one round per distinct file name.
    var rounds = 0
    while let (name, importer) = nextMissing() {
      rounds += 1
      guard rounds <= 10_000 else { throw DynamicClientError(.reflectionFailed, "reflection: too many files") }
      do {
        let more = try await session.fileByFilename(name)
        guard more.contains(where: { $0.name == name }) else {
          throw DynamicClientError(.descriptorSourceFailed, "reflection: asked for \"\(name)\", got other files")
        }
        insert(more)
      } catch let error as DynamicClientError where error.code == .descriptorSourceFailed {
        throw DynamicClientError(
          .descriptorSourceFailed,
          "reflection: the server cannot provide \"\(name)\", imported by \"\(importer)\": \(error.message)",
          status: error.status)
      }
    }
  }

  private mutating func insert(_ fetched: [Google_Protobuf_FileDescriptorProto]) {
    for file in fetched where names.insert(file.name).inserted { files.append(file) }
  }

  private func nextMissing() -> (String, String)? {
    for file in files {
      for dependency in file.dependency
      where !names.contains(dependency) && DescriptorPool.builtins.file(named: dependency) == nil {
        return (dependency, file.name)
      }
    }
    return nil
  }
}
