import SwiftProtobuf

/// A gRPC service in a ``DescriptorPool``.
public struct ServiceDescriptor: Sendable, Hashable, CustomStringConvertible {
  let pool: PoolStorage
  let index: Int
  var info: ServiceInfo { pool.services[index] }

  public static func == (a: Self, b: Self) -> Bool { a.pool === b.pool && a.index == b.index }
  public func hash(into hasher: inout Hasher) { hasher.combine(index); hasher.combine(ObjectIdentifier(pool)) }

  public var fullName: String { info.fullName }
  /// The pool this descriptor belongs to.
  public var descriptorPool: DescriptorPool { DescriptorPool(storage: pool) }
  public var name: String { info.proto.name }
  public var description: String { fullName }
  public var proto: Google_Protobuf_ServiceDescriptorProto { info.proto }
  public var file: FileDescriptor { FileDescriptor(pool: pool, index: info.fileIndex) }
  public var methods: [MethodDescriptor] { info.proto.method.indices.map { MethodDescriptor(service: self, index: $0) } }
  public func method(named name: String) -> MethodDescriptor? { methods.first { $0.name == name } }
}

/// A method of a service: its request and response types and streaming kind.
public struct MethodDescriptor: Sendable, Hashable, CustomStringConvertible {
  public let service: ServiceDescriptor
  public let index: Int
  var proto: Google_Protobuf_MethodDescriptorProto { service.info.proto.method[index] }

  public var name: String { proto.name }
  /// `package.Service.Method`.
  public var fullName: String { service.fullName + "." + name }
  /// The gRPC path, `/package.Service/Method`.
  public var path: String { "/" + service.fullName + "/" + name }
  public var description: String { fullName }
  public var inputType: MessageDescriptor { MessageDescriptor(pool: service.pool, index: service.info.inputIndices[index]) }
  public var outputType: MessageDescriptor { MessageDescriptor(pool: service.pool, index: service.info.outputIndices[index]) }
  public var clientStreaming: Bool { proto.clientStreaming }
  public var serverStreaming: Bool { proto.serverStreaming }
  public var options: Google_Protobuf_MethodOptions { proto.options }
  public var methodProto: Google_Protobuf_MethodDescriptorProto { proto }
  /// `unary`, `server_streaming`, `client_streaming` or `bidi_streaming`.
  public var streamingKind: String {
    switch (clientStreaming, serverStreaming) {
    case (false, false): "unary"
    case (false, true): "server_streaming"
    case (true, false): "client_streaming"
    case (true, true): "bidi_streaming"
    }
  }
}

/// A `.proto` file in a ``DescriptorPool``.
public struct FileDescriptor: Sendable, Hashable, CustomStringConvertible {
  let pool: PoolStorage
  let index: Int
  var info: FileInfo { pool.files[index] }

  public static func == (a: Self, b: Self) -> Bool { a.pool === b.pool && a.index == b.index }
  public func hash(into hasher: inout Hasher) { hasher.combine(index); hasher.combine(ObjectIdentifier(pool)) }

  public var name: String { info.proto.name }
  public var package: String { info.proto.package }
  public var description: String { name }
  public var syntax: ProtoSyntax { info.syntax }
  public var proto: Google_Protobuf_FileDescriptorProto { info.proto }
  public var dependencies: [FileDescriptor] { info.dependencyIndices.map { FileDescriptor(pool: pool, index: $0) } }
  public var messages: [MessageDescriptor] { info.messageIndices.map { MessageDescriptor(pool: pool, index: $0) } }
  public var enums: [EnumDescriptor] { info.enumIndices.map { EnumDescriptor(pool: pool, index: $0) } }
  public var services: [ServiceDescriptor] { info.serviceIndices.map { ServiceDescriptor(pool: pool, index: $0) } }
  public var extensions: [FieldDescriptor] {
    info.extensionIndices.map { FieldDescriptor(pool: pool, info: pool.extensions[$0]) }
  }
}
