import Foundation
import SwiftProtobuf

/// Turns a set of `FileDescriptorProto`s into a resolved, immutable ``PoolStorage``.
///
/// Files are processed in dependency order; every symbol is registered once (a second definition is an error naming
/// both files) and every type reference is resolved with protoc's scoping rules.
struct PoolBuilder {
  private let storage = PoolStorage()
  var storageForResolution: PoolStorage { storage }
  private var protos: [String: Google_Protobuf_FileDescriptorProto] = [:]
  private var order: [String] = []

  init(files: [Google_Protobuf_FileDescriptorProto], includeBuiltins: Bool) throws {
    for file in files {
      if let existing = protos[file.name] {
        if existing != file {
          throw ProtoError(.duplicateSymbol, "file \"\(file.name)\" is given twice with different contents")
        }
        continue
      }
      protos[file.name] = file
      order.append(file.name)
    }
    if includeBuiltins { addBuiltins() }
  }

  private mutating func addBuiltins() {
    var userSymbols = Set<String>()
    for file in protos.values {
      let prefix = file.package.isEmpty ? "" : file.package + "."
      for m in file.messageType { userSymbols.insert(prefix + m.name) }
      for e in file.enumType { userSymbols.insert(prefix + e.name) }
    }
    for file in BuiltinFiles.all where protos[file.name] == nil {
      let prefix = file.package.isEmpty ? "" : file.package + "."
      let names = file.messageType.map { prefix + $0.name } + file.enumType.map { prefix + $0.name }
      if names.contains(where: userSymbols.contains) { continue }
      protos[file.name] = file
      order.append(file.name)
    }
  }

  /// Builds the storage: registers symbols in dependency order, then resolves references.
  func build() throws -> PoolStorage {
    for name in try dependencyOrder() {
      try register(file: protos[name]!)
    }
    try resolve()
    return storage
  }

  private func dependencyOrder() throws -> [String] {
    var state: [String: Int] = [:]  // 1 visiting, 2 done
    var result: [String] = []
    func visit(_ name: String, from importer: String?) throws {
      switch state[name] {
      case 2: return
      case 1: throw ProtoError(.invalidDescriptor, "import cycle: \"\(importer ?? name)\" and \"\(name)\" import each other")
      default: break
      }
      guard let file = protos[name] else {
        throw ProtoError(
          .missingDependency,
          "file \"\(importer ?? "?")\" imports \"\(name)\", which is not in the descriptor set")
      }
      state[name] = 1
      for dep in file.dependency { try visit(dep, from: name) }
      state[name] = 2
      result.append(name)
    }
    for name in order { try visit(name, from: nil) }
    return result
  }

  // MARK: Registration

  private func define(_ name: String, _ ref: SymbolRef, file: String) throws {
    if let existing = storage.symbols[name] {
      if case .package = existing, case .package = ref { return }
      throw ProtoError(
        .duplicateSymbol, "\"\(name)\" in file \"\(file)\" is already defined\(definedIn(existing))")
    }
    storage.symbols[name] = ref
  }

  private func definedIn(_ ref: SymbolRef) -> String {
    let fileIndex: Int?
    switch ref {
    case .message(let m), .field(let m, _), .oneof(let m, _): fileIndex = storage.messages[m].fileIndex
    case .enumType(let e), .enumValue(let e, _): fileIndex = storage.enums[e].fileIndex
    case .service(let s), .method(let s, _): fileIndex = storage.services[s].fileIndex
    case .extensionField(let x): fileIndex = storage.extensions[x].fileIndex
    case .package: fileIndex = nil
    }
    guard let fileIndex else { return " as a package" }
    return " in file \"\(storage.files[fileIndex].proto.name)\""
  }

  private func register(file proto: Google_Protobuf_FileDescriptorProto) throws {
    let fileIndex = storage.files.count
    let info = FileInfo(proto: proto)
    storage.files.append(info)
    storage.fileByName[proto.name] = fileIndex
    info.dependencyIndices = proto.dependency.compactMap { storage.fileByName[$0] }
    var parts: [String] = []
    for component in proto.package.split(separator: ".") {
      parts.append(String(component))
      try define(parts.joined(separator: "."), .package, file: proto.name)
    }
    let scope = proto.package
    for message in proto.messageType {
      info.messageIndices.append(try register(message: message, scope: scope, fileIndex: fileIndex, parent: -1))
    }
    for e in proto.enumType {
      info.enumIndices.append(try register(enum: e, scope: scope, fileIndex: fileIndex, parent: -1))
    }
    for service in proto.service {
      let full = qualify(scope, service.name)
      let index = storage.services.count
      storage.services.append(ServiceInfo(proto: service, fullName: full, fileIndex: fileIndex))
      try define(full, .service(index), file: proto.name)
      for (m, method) in service.method.enumerated() {
        try define(full + "." + method.name, .method(service: index, index: m), file: proto.name)
      }
      info.serviceIndices.append(index)
    }
    for ext in proto.extension {
      info.extensionIndices.append(try register(extension: ext, scope: scope, fileIndex: fileIndex, scopeIndex: -1))
    }
  }

  private func register(
    message proto: Google_Protobuf_DescriptorProto, scope: String, fileIndex: Int, parent: Int
  ) throws -> Int {
    let full = qualify(scope, proto.name)
    let fileName = storage.files[fileIndex].proto.name
    let index = storage.messages.count
    let info = MessageInfo(proto: proto, fullName: full, fileIndex: fileIndex, parentIndex: parent)
    info.wellKnown = WellKnownType(fullName: full)
    storage.messages.append(info)
    try define(full, .message(index), file: fileName)
    info.oneofFields = Array(repeating: [], count: proto.oneofDecl.count)
    for (o, oneof) in proto.oneofDecl.enumerated() {
      try define(full + "." + oneof.name, .oneof(message: index, index: o), file: fileName)
    }
    var maxNumber: Int32 = 0
    for (i, field) in proto.field.enumerated() {
      guard field.number > 0, field.number <= 536_870_911 else {
        throw ProtoError(.invalidDescriptor, "field \(full).\(field.name) in \"\(fileName)\" has invalid number \(field.number)")
      }
      if info.byName[field.name] != nil || info.sparseByNumber[field.number] != nil {
        throw ProtoError(.duplicateSymbol, "field \(full).\(field.name) in \"\(fileName)\" reuses a name or number")
      }
      var oneof = -1
      var synthetic = -1
      if field.hasOneofIndex {
        let o = Int(field.oneofIndex)
        guard o >= 0, o < proto.oneofDecl.count else {
          throw ProtoError(.invalidDescriptor, "field \(full).\(field.name) in \"\(fileName)\" names oneof \(o), which does not exist")
        }
        if field.proto3Optional {
          synthetic = o
          info.syntheticOneofs.insert(o)
        } else {
          oneof = o
        }
        info.oneofFields[o].append(i)
      }
      let type = FieldType(rawValue: field.type.rawValue) ?? .message
      let fieldInfo = FieldInfo(
        proto: field, fullName: full + "." + field.name, type: type, index: i, oneofIndex: oneof,
        syntheticOneofIndex: synthetic, isExtension: false, extensionScopeIndex: -1, fileIndex: fileIndex)
      fieldInfo.containingIndex = index
      info.fields.append(fieldInfo)
      info.byName[field.name] = i
      info.byJSONName[fieldInfo.jsonName] = i
      info.sparseByNumber[field.number] = i
      maxNumber = max(maxNumber, field.number)
      try define(full + "." + field.name, .field(message: index, index: i), file: fileName)
    }
    info.numberOrder = info.fields.indices.sorted { info.fields[$0].number < info.fields[$1].number }
    if maxNumber < 256 {
      info.denseByNumber = Array(repeating: -1, count: Int(maxNumber) + 1)
      for (number, i) in info.sparseByNumber { info.denseByNumber[Int(number)] = Int32(i) }
    }
    for nested in proto.nestedType {
      info.nestedMessageIndices.append(try register(message: nested, scope: full, fileIndex: fileIndex, parent: index))
    }
    for e in proto.enumType {
      info.nestedEnumIndices.append(try register(enum: e, scope: full, fileIndex: fileIndex, parent: index))
    }
    for ext in proto.extension {
      _ = try register(extension: ext, scope: full, fileIndex: fileIndex, scopeIndex: index)
    }
    return index
  }

  private func register(
    enum proto: Google_Protobuf_EnumDescriptorProto, scope: String, fileIndex: Int, parent: Int
  ) throws -> Int {
    let full = qualify(scope, proto.name)
    let fileName = storage.files[fileIndex].proto.name
    let index = storage.enums.count
    storage.enums.append(EnumInfo(proto: proto, fullName: full, fileIndex: fileIndex, parentIndex: parent))
    try define(full, .enumType(index), file: fileName)
    // Enum values are scoped as siblings of their enum, as in C++.
    for (v, value) in proto.value.enumerated() {
      let valueName = qualify(scope, value.name)
      if storage.symbols[valueName] == nil { storage.symbols[valueName] = .enumValue(enum: index, index: v) }
    }
    return index
  }

  private func register(
    extension proto: Google_Protobuf_FieldDescriptorProto, scope: String, fileIndex: Int, scopeIndex: Int
  ) throws -> Int {
    let full = qualify(scope, proto.name)
    let index = storage.extensions.count
    let type = FieldType(rawValue: proto.type.rawValue) ?? .message
    let info = FieldInfo(
      proto: proto, fullName: full, type: type, index: index, oneofIndex: -1, syntheticOneofIndex: -1,
      isExtension: true, extensionScopeIndex: scopeIndex, fileIndex: fileIndex)
    storage.extensions.append(info)
    storage.extensionByName[full] = index
    try define(full, .extensionField(index), file: storage.files[fileIndex].proto.name)
    return index
  }

  private func qualify(_ scope: String, _ name: String) -> String {
    scope.isEmpty ? name : scope + "." + name
  }
}
