import Foundation
import SwiftProtobuf

/// A resolved set of `.proto` files: the schema every dynamic message, codec and renderer works from.
///
/// Build it from `FileDescriptorProto`s (as served by gRPC reflection) or from a `FileDescriptorSet` file (as written
/// by `protoc --include_imports --descriptor_set_out`). The well-known types and `google/rpc/status.proto` +
/// `error_details.proto` are built in, so sets that omit them still resolve. A pool is immutable and `Sendable`;
/// building one costs a pass over every descriptor, lookups by name are dictionary hits.
public struct DescriptorPool: Sendable {
  let storage: PoolStorage

  /// Builds a pool from file descriptors in any order.
  ///
  /// - Throws: ``ProtoError`` naming the file and symbol for a missing dependency, a duplicate symbol or a type
  ///   reference that does not resolve.
  public init(files: [Google_Protobuf_FileDescriptorProto], includeBuiltins: Bool = true) throws {
    storage = try PoolBuilder(files: files, includeBuiltins: includeBuiltins).build()
  }

  /// Builds a pool from a serialized `FileDescriptorSet` (a `.protoset` / `.pb` file's contents).
  public init(fileDescriptorSet data: Data, includeBuiltins: Bool = true) throws {
    try self.init(files: Self.decodeFileDescriptorSet(data), includeBuiltins: includeBuiltins)
  }

  /// The files of a serialized `FileDescriptorSet`.
  public static func decodeFileDescriptorSet(_ data: Data) throws -> [Google_Protobuf_FileDescriptorProto] {
    do {
      return try Google_Protobuf_FileDescriptorSet(serializedBytes: data).file
    } catch {
      throw ProtoError(.invalidDescriptor, "not a serialized FileDescriptorSet: \(error)")
    }
  }

  /// Builds a pool from a protoset file on disk.
  public init(protosetPath: String, includeBuiltins: Bool = true) throws {
    guard let data = FileManager.default.contents(atPath: protosetPath) else {
      throw ProtoError(.invalidDescriptor, "cannot read protoset file \"\(protosetPath)\"")
    }
    do {
      try self.init(fileDescriptorSet: data, includeBuiltins: includeBuiltins)
    } catch let error as ProtoError {
      throw ProtoError(error.code, "\(protosetPath): \(error.message)", path: error.path)
    }
  }

  /// An empty pool holding only the built-in files.
  public static let builtins: DescriptorPool = try! DescriptorPool(files: [])

  /// Every file, in dependency order (a file comes after the files it imports).
  public var files: [FileDescriptor] { storage.files.indices.map { FileDescriptor(pool: storage, index: $0) } }

  /// The file with this name (`foo/bar.proto`), if present.
  public func file(named name: String) -> FileDescriptor? {
    storage.fileByName[name].map { FileDescriptor(pool: storage, index: $0) }
  }

  /// Fully-qualified names of every service, sorted.
  public var serviceNames: [String] { storage.services.map(\.fullName).sorted() }

  /// Every service, in file order.
  public var services: [ServiceDescriptor] {
    storage.services.indices.map { ServiceDescriptor(pool: storage, index: $0) }
  }

  /// The message type with this fully-qualified name (a leading `.` is accepted).
  public func message(named name: String) -> MessageDescriptor? {
    if case .message(let i)? = symbolRef(name) { return MessageDescriptor(pool: storage, index: i) }
    return nil
  }

  /// The enum type with this fully-qualified name.
  public func enumType(named name: String) -> EnumDescriptor? {
    if case .enumType(let i)? = symbolRef(name) { return EnumDescriptor(pool: storage, index: i) }
    return nil
  }

  /// The service with this fully-qualified name.
  public func service(named name: String) -> ServiceDescriptor? {
    if case .service(let i)? = symbolRef(name) { return ServiceDescriptor(pool: storage, index: i) }
    return nil
  }

  /// The extension with this fully-qualified name.
  public func extensionField(named name: String) -> FieldDescriptor? {
    storage.extensionByName[trim(name)].map { FieldDescriptor(pool: storage, info: storage.extensions[$0]) }
  }

  /// Every extension of a message type, sorted by field number.
  public func extensions(of message: MessageDescriptor) -> [FieldDescriptor] {
    (storage.extensionsByMessage[message.index] ?? [:]).sorted { $0.key < $1.key }
      .map { FieldDescriptor(pool: storage, info: storage.extensions[$0.value]) }
  }

  /// Any symbol by fully-qualified name: a message, enum, service, method, field, enum value or extension.
  public func symbol(named name: String) -> Symbol? {
    guard let ref = symbolRef(name) else { return nil }
    switch ref {
    case .message(let i): return .message(MessageDescriptor(pool: storage, index: i))
    case .enumType(let i): return .enumType(EnumDescriptor(pool: storage, index: i))
    case .service(let i): return .service(ServiceDescriptor(pool: storage, index: i))
    case .method(let s, let m): return .method(ServiceDescriptor(pool: storage, index: s).methods[m])
    case .field(let m, let f): return .field(FieldDescriptor(pool: storage, info: storage.messages[m].fields[f]))
    case .extensionField(let x): return .field(FieldDescriptor(pool: storage, info: storage.extensions[x]))
    case .enumValue(let e, let v): return .enumValue(EnumDescriptor(pool: storage, index: e).values[v])
    case .oneof(let m, let o): return .oneof(MessageDescriptor(pool: storage, index: m).oneofs[o])
    case .package: return .package(trim(name))
    }
  }

  private func symbolRef(_ name: String) -> SymbolRef? { storage.symbols[trim(name)] }
  private func trim(_ name: String) -> String { name.hasPrefix(".") ? String(name.dropFirst()) : name }

  /// Adds files to a copy of this pool (files already present by name are kept as they are).
  public func adding(files more: [Google_Protobuf_FileDescriptorProto]) throws -> DescriptorPool {
    let existing = storage.files.map(\.proto)
    let known = Set(existing.map(\.name))
    return try DescriptorPool(files: existing + more.filter { !known.contains($0.name) }, includeBuiltins: false)
  }

  /// The pool's files as a `FileDescriptorSet`, in dependency order.
  public var fileDescriptorSet: Google_Protobuf_FileDescriptorSet {
    var set = Google_Protobuf_FileDescriptorSet()
    set.file = storage.files.map(\.proto)
    return set
  }
}

/// Anything a fully-qualified name can denote in a ``DescriptorPool``.
public enum Symbol: Sendable {
  case message(MessageDescriptor)
  case enumType(EnumDescriptor)
  case service(ServiceDescriptor)
  case method(MethodDescriptor)
  case field(FieldDescriptor)
  case enumValue(EnumValueDescriptor)
  case oneof(OneofDescriptor)
  case package(String)
}
