import SwiftProtobuf

extension PoolBuilder {
  /// Resolves every type reference and computes each field's wire features.
  func resolve() throws {
    let storage = self.storageForResolution
    for message in storage.messages {
      for field in message.fields {
        try resolveType(of: field, scope: message.fullName)
        applyFeatures(field, message: message)
      }
      if message.isMapEntry {
        guard message.fields.count == 2, message.fieldIndex(number: 1) != nil, message.fieldIndex(number: 2) != nil else {
          throw ProtoError(.invalidDescriptor, "map entry \(message.fullName) must have fields key = 1 and value = 2")
        }
      }
    }
    for message in storage.messages {
      for field in message.fields where field.label == .repeated && field.messageIndex >= 0 {
        field.isMap = storage.messages[field.messageIndex].isMapEntry
        if field.isMap { field.isPacked = false }
      }
    }
    for ext in storage.extensions {
      let scope = ext.extensionScopeIndex >= 0
        ? storage.messages[ext.extensionScopeIndex].fullName : storage.files[ext.fileIndex].proto.package
      try resolveType(of: ext, scope: scope)
      guard case .message(let target)? = lookup(ext.proto.extendee, scope: scope) else {
        throw ProtoError(
          .unresolvedType,
          "extension \(ext.fullName) in \"\(storage.files[ext.fileIndex].proto.name)\" extends \"\(ext.proto.extendee)\", which is not defined")
      }
      ext.containingIndex = target
      applyFeatures(ext, message: nil)
      storage.extensionsByMessage[target, default: [:]][ext.number] = ext.index
    }
    for e in storage.enums {
      e.isClosed = isClosed(e)
    }
    for service in storage.services {
      let scope = storage.files[service.fileIndex].proto.package
      for method in service.proto.method {
        for (typeName, isInput) in [(method.inputType, true), (method.outputType, false)] {
          guard case .message(let index)? = lookup(typeName, scope: scope) else {
            throw ProtoError(
              .unresolvedType,
              "method \(service.fullName).\(method.name) in \"\(storage.files[service.fileIndex].proto.name)\" uses type \"\(typeName)\", which is not defined")
          }
          if isInput { service.inputIndices.append(index) } else { service.outputIndices.append(index) }
        }
      }
    }
  }

  private func resolveType(of field: FieldInfo, scope: String) throws {
    let storage = self.storageForResolution
    guard field.type == .message || field.type == .group || field.type == .enum || !field.proto.typeName.isEmpty
    else { return }
    if field.proto.typeName.isEmpty {
      throw ProtoError(.invalidDescriptor, "field \(field.fullName) has type \(field.type) but no type name")
    }
    let fileName = storage.files[field.fileIndex].proto.name
    switch lookup(field.proto.typeName, scope: scope) {
    case .message(let index)? where field.type != .enum:
      field.messageIndex = index
    case .enumType(let index)? where field.type == .enum || !field.proto.hasType:
      field.enumIndex = index
    default:
      throw ProtoError(
        .unresolvedType,
        "field \(field.fullName) in \"\(fileName)\" has type \"\(field.proto.typeName)\", which is not defined")
    }
  }

  /// Finds a type reference the way protoc does: fully-qualified names start with ".", relative names are looked up
  /// from the innermost scope outwards by their first component.
  func lookup(_ name: String, scope: String) -> SymbolRef? {
    let storage = self.storageForResolution
    if name.hasPrefix(".") { return storage.symbols[String(name.dropFirst())] }
    let first = name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
    var scopeParts = scope.split(separator: ".").map(String.init)
    while true {
      let prefix = scopeParts.joined(separator: ".")
      let candidateFirst = prefix.isEmpty ? first : prefix + "." + first
      if storage.symbols[candidateFirst] != nil {
        let full = prefix.isEmpty ? name : prefix + "." + name
        if let found = storage.symbols[full] { return found }
      }
      if scopeParts.isEmpty { return nil }
      scopeParts.removeLast()
    }
  }

  // MARK: Features

  private func applyFeatures(_ field: FieldInfo, message: MessageInfo?) {
    let storage = self.storageForResolution
    let file = storage.files[field.fileIndex]
    let features = resolvedFeatures(field: field, message: message, file: file)
    let isMessage = field.type == .message || field.type == .group
    switch file.syntax {
    case .proto2:
      field.hasPresence = field.label != .repeated
      field.isPacked = field.label == .repeated && field.proto.options.packed && field.type.isPackable
      field.validatesUTF8 = false
    case .proto3:
      field.hasPresence = field.label != .repeated
        && (isMessage || field.oneofIndex >= 0 || field.syntheticOneofIndex >= 0 || field.isExtension)
      let packedOption = field.proto.options.hasPacked ? field.proto.options.packed : true
      field.isPacked = field.label == .repeated && field.type.isPackable && packedOption
      field.validatesUTF8 = true
    case .editions:
      if field.label == .repeated {
        field.hasPresence = false
      } else if isMessage || field.oneofIndex >= 0 || field.isExtension {
        field.hasPresence = true
      } else {
        field.hasPresence = features.fieldPresence != .implicit
      }
      field.isPacked = field.label == .repeated && field.type.isPackable && features.repeatedFieldEncoding != .expanded
      field.validatesUTF8 = features.utf8Validation != Google_Protobuf_FeatureSet.Utf8Validation.none
    }
    if field.proto.options.hasPacked, field.label == .repeated, field.type.isPackable {
      field.isPacked = field.proto.options.packed
    }
    if field.enumIndex >= 0 {
      field.isClosedEnum = isClosed(storage.enums[field.enumIndex])
    }
  }

  /// Edition 2023 defaults overridden by file, enclosing messages and field features (editions files only).
  private func resolvedFeatures(
    field: FieldInfo, message: MessageInfo?, file: FileInfo
  ) -> Google_Protobuf_FeatureSet {
    var features = Google_Protobuf_FeatureSet()
    features.fieldPresence = .explicit
    features.enumType = .open
    features.repeatedFieldEncoding = .packed
    features.utf8Validation = .verify
    features.messageEncoding = .lengthPrefixed
    guard file.syntax == .editions else { return features }
    var chain: [Google_Protobuf_FeatureSet] = [file.proto.options.features]
    var messageIndex = message.map { _ in field.containingIndex } ?? field.extensionScopeIndex
    var messageChain: [Google_Protobuf_FeatureSet] = []
    while messageIndex >= 0 {
      let m = storageForResolution.messages[messageIndex]
      messageChain.append(m.proto.options.features)
      messageIndex = m.parentIndex
    }
    chain += messageChain.reversed()
    chain.append(field.proto.options.features)
    for f in chain {
      if f.hasFieldPresence { features.fieldPresence = f.fieldPresence }
      if f.hasEnumType { features.enumType = f.enumType }
      if f.hasRepeatedFieldEncoding { features.repeatedFieldEncoding = f.repeatedFieldEncoding }
      if f.hasUtf8Validation { features.utf8Validation = f.utf8Validation }
      if f.hasMessageEncoding { features.messageEncoding = f.messageEncoding }
    }
    if features.messageEncoding == .delimited && field.type == .message { field.isDelimited = true }
    return features
  }

  private func isClosed(_ e: EnumInfo) -> Bool {
    let file = storageForResolution.files[e.fileIndex]
    switch file.syntax {
    case .proto2: return true
    case .proto3: return false
    case .editions:
      var closed = file.proto.options.features.enumType == .closed
      if e.proto.options.features.hasEnumType { closed = e.proto.options.features.enumType == .closed }
      return closed
    }
  }
}
