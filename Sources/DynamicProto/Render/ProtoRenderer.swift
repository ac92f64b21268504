/// Renders descriptors as `.proto` source text, the way `grpcurl describe` shows them.
///
/// Conventions:
/// - Every result ends with a newline. Bodies are indented with ``indent`` (two spaces by default); elements inside
///   a message, enum or service follow each other without blank lines (as grpcurl prints them); a whole file has a
///   blank line between its sections and top-level definitions.
/// - Type names are fully qualified with a leading dot (`.api.users.User`); custom options are written
///   `(.pkg.option)`; methods as `rpc Name ( stream .pkg.Req ) returns ( .pkg.Resp );`.
/// - Labels follow the file's syntax (proto3: only `repeated` and `optional` for proto3-optional fields; proto2:
///   `optional`/`required`/`repeated`; editions: only `repeated`). Map fields print as `map<K, V>`, proto2 groups
///   inline (`optional group Name = 1 { ... }`), and the synthetic oneofs of proto3 `optional` fields are hidden.
/// - Elements keep their declaration order, so compiling the output of ``render(file:)`` with protoc reproduces
///   the original descriptor (comments aside).
public struct ProtoRenderer: Sendable {
  /// One level of indentation.
  public var indent: String

  public init(indent: String = "  ") {
    self.indent = indent
  }

  /// A complete, compilable file: `syntax` (or `edition`), `package`, `import`s, file options, messages, enums,
  /// services and `extend` blocks.
  public func render(file: FileDescriptor) -> String {
    var emitter = ProtoEmitter(pool: file.pool, fileIndex: file.index, indent: indent)
    emitter.file(file.index)
    return emitter.text
  }

  /// The file with this name in the pool, rendered as by ``render(file:)``.
  ///
  /// - Throws: ``ProtoError`` with code `symbolNotFound` when the pool has no such file.
  public func renderFile(named name: String, in pool: DescriptorPool) throws -> String {
    guard let file = pool.file(named: name) else {
      throw ProtoError(.symbolNotFound, "file \"\(name)\" is not in the descriptor pool")
    }
    return render(file: file)
  }

  /// `service Name { rpc ...; }` with the service's options and every method.
  public func render(service: ServiceDescriptor) -> String {
    var emitter = ProtoEmitter(pool: service.pool, fileIndex: service.info.fileIndex, indent: indent)
    emitter.service(service.index)
    return emitter.text
  }

  /// `rpc Name ( .pkg.Req ) returns ( stream .pkg.Resp );`, with an option block when the method has options.
  public func render(method: MethodDescriptor) -> String {
    let service = method.service
    var emitter = ProtoEmitter(pool: service.pool, fileIndex: service.info.fileIndex, indent: indent)
    emitter.method(service: service.index, index: method.index)
    return emitter.text
  }

  /// `message Name { ... }` with nested messages, enums and `extend` blocks inline.
  public func render(message: MessageDescriptor) -> String {
    var emitter = ProtoEmitter(pool: message.pool, fileIndex: message.info.fileIndex, indent: indent)
    emitter.message(message.index)
    return emitter.text
  }

  /// `enum Name { ... }` with options, values and reservations.
  public func render(enum enumType: EnumDescriptor) -> String {
    var emitter = ProtoEmitter(pool: enumType.pool, fileIndex: enumType.info.fileIndex, indent: indent)
    emitter.enumType(enumType.index)
    return emitter.text
  }

  /// `NAME = 1 [options];`.
  public func render(enumValue: EnumValueDescriptor) -> String {
    let enumType = enumValue.enumType
    var emitter = ProtoEmitter(pool: enumType.pool, fileIndex: enumType.info.fileIndex, indent: indent)
    emitter.enumValue(enumType.info.proto.value[enumValue.index])
    return emitter.text
  }

  /// A field's declaration line (a group with its body); for an extension, an `extend .pkg.Msg { ... }` block.
  public func render(field: FieldDescriptor) -> String {
    if field.isExtension { return render(extensions: [field]) }
    var emitter = ProtoEmitter(pool: field.pool, fileIndex: field.info.fileIndex, indent: indent)
    let message = field.pool.messages[field.info.containingIndex]
    emitter.field(field.info, inOneof: field.info.oneofIndex >= 0, scopeItems: message.nestedMessageIndices)
    return emitter.text
  }

  /// Extensions as `extend` blocks, one per run of extensions of the same message.
  public func render(extensions: [FieldDescriptor]) -> String {
    guard let first = extensions.first else { return "" }
    var emitter = ProtoEmitter(pool: first.pool, fileIndex: first.info.fileIndex, indent: indent)
    let runs = emitter.extensionRuns(extensions.filter(\.isExtension).map(\.info.index))
    for run in runs { emitter.extendBlock(run) }
    return emitter.text
  }

  /// `oneof name { ... }`; for the synthetic oneof of a proto3 `optional` field, that field's line.
  public func render(oneof: OneofDescriptor) -> String {
    let message = oneof.message
    var emitter = ProtoEmitter(pool: message.pool, fileIndex: message.info.fileIndex, indent: indent)
    if oneof.isSynthetic {
      for f in message.info.oneofFields[oneof.index] {
        emitter.field(message.info.fields[f], inOneof: false, scopeItems: message.info.nestedMessageIndices)
      }
    } else {
      emitter.oneofBlock(message: message.info, index: oneof.index)
    }
    return emitter.text
  }

  /// Any symbol found in a pool; a package renders as `package name;`.
  public func render(symbol: Symbol) -> String {
    switch symbol {
    case .message(let m): render(message: m)
    case .enumType(let e): render(enum: e)
    case .service(let s): render(service: s)
    case .method(let m): render(method: m)
    case .field(let f): render(field: f)
    case .enumValue(let v): render(enumValue: v)
    case .oneof(let o): render(oneof: o)
    case .package(let name): "package \(name);\n"
    }
  }
}
