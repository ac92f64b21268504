import SwiftProtobuf

/// Message bodies, oneofs and field lines.
extension ProtoEmitter {
  mutating func message(_ index: Int) {
    let proto = pool.messages[index].proto
    open("\(visibility(proto))message \(proto.name)")
    messageBody(index)
    close()
  }

  /// Options, fields and oneofs (interleaved with nested messages as the descriptor requires), nested enums,
  /// extension ranges, `extend` blocks and reservations.
  mutating func messageBody(_ index: Int) {
    let info = pool.messages[index]
    let proto = info.proto
    optionStatements(proto.options, type: "MessageOptions")
    let items = info.nestedMessageIndices
    let units = fieldUnits(info)
    let eagerBound = units.map { unit in unit.flatMap { boundPositions(field: info.fields[$0], scopeItems: items) } }
    let scoped = proto.`extension`.compactMap { pool.extensionByName[info.fullName + "." + $0.name] }
    let runs = extensionRuns(scoped)
    let lazyBound = runs.map { run in run.flatMap { boundPositions(extension: $0, scopeItems: items) } }
    let (steps, lazyStart) = Layout.interleave(itemCount: items.count, eager: eagerBound, lazy: lazyBound)
    for step in steps {
      switch step {
      case .item(let p): message(items[p])
      case .eager(let u): fieldUnit(units[u], message: info)
      case .lazy(let r): extendBlock(runs[r])
      }
    }
    for e in info.nestedEnumIndices { enumType(e) }
    let maxNumber: Int64 = proto.options.messageSetWireFormat ? Int64(Int32.max) - 1 : 536_870_911
    for range in proto.extensionRange {
      let options = OptionPrinter.assignments(range.options, type: "ExtensionRangeOptions", pool: pool)
      let text = ProtoLiteral.range(first: Int64(range.start), last: Int64(range.end) - 1, maxValue: maxNumber)
      line("extensions \(text)\(bracketed(options));")
    }
    for r in runs.indices.dropFirst(lazyStart) { extendBlock(runs[r]) }
    if !proto.reservedRange.isEmpty {
      let ranges = proto.reservedRange.map {
        ProtoLiteral.range(first: Int64($0.start), last: Int64($0.end) - 1, maxValue: maxNumber)
      }
      line("reserved \(ranges.joined(separator: ", "));")
    }
    reservedNames(proto.reservedName)
  }

  /// Field indices grouped into statements: a single field, or all members of a (real) oneof.
  func fieldUnits(_ info: MessageInfo) -> [[Int]] {
    var units: [[Int]] = []
    var seen = Set<Int>()
    for (i, field) in info.fields.enumerated() {
      if field.oneofIndex >= 0 {
        if seen.insert(field.oneofIndex).inserted { units.append(info.oneofFields[field.oneofIndex]) }
      } else {
        units.append([i])
      }
    }
    return units
  }

  private mutating func fieldUnit(_ unit: [Int], message info: MessageInfo) {
    guard let first = unit.first else { return }
    let oneof = info.fields[first].oneofIndex
    if oneof >= 0 {
      oneofBlock(message: info, index: oneof)
    } else {
      field(info.fields[first], inOneof: false, scopeItems: info.nestedMessageIndices)
    }
  }

  mutating func oneofBlock(message info: MessageInfo, index: Int) {
    let decl = info.proto.oneofDecl[index]
    open("oneof \(decl.name)")
    optionStatements(decl.options, type: "OneofOptions")
    for f in info.oneofFields[index] {
      field(info.fields[f], inOneof: true, scopeItems: info.nestedMessageIndices)
    }
    close()
  }

  /// Whether a field is a proto2 group whose type is declared inline with it.
  func inlinesGroup(_ field: FieldInfo) -> Bool {
    field.type == .group && syntax != .editions && field.messageIndex >= 0
  }

  /// The position in `scopeItems` of the nested type a field creates implicitly (map entry or group), if any.
  func boundPositions(field: FieldInfo, scopeItems: [Int]) -> [Int] {
    guard field.isMap || inlinesGroup(field), let p = scopeItems.firstIndex(of: field.messageIndex) else { return [] }
    return [p]
  }

  /// One field or extension: `label type name = number [options];`, a `map<K, V>` field, or an inline group.
  mutating func field(_ field: FieldInfo, inOneof: Bool, scopeItems: [Int]) {
    let options = bracketed(fieldOptions(field))
    if field.isMap, let entry = mapEntry(field) {
      line("map<\(typeName(entry.key)), \(typeName(entry.value))> \(field.name) = \(field.number)\(options);")
    } else if inlinesGroup(field), scopeItems.contains(field.messageIndex) {
      let groupName = pool.messages[field.messageIndex].proto.name
      open("\(label(field, inOneof: inOneof))group \(groupName) = \(field.number)\(options)")
      messageBody(field.messageIndex)
      close()
    } else {
      line("\(label(field, inOneof: inOneof))\(typeName(field)) \(field.name) = \(field.number)\(options);")
    }
  }

  private func mapEntry(_ field: FieldInfo) -> (key: FieldInfo, value: FieldInfo)? {
    guard field.messageIndex >= 0 else { return nil }
    let entry = pool.messages[field.messageIndex]
    guard let k = entry.fieldIndex(number: 1), let v = entry.fieldIndex(number: 2) else { return nil }
    return (entry.fields[k], entry.fields[v])
  }

  /// The label keyword (with a trailing space) the file's syntax requires.
  func label(_ field: FieldInfo, inOneof: Bool) -> String {
    if inOneof || field.isMap { return "" }
    switch syntax {
    case .editions:
      return field.label == .repeated ? "repeated " : ""
    case .proto3:
      switch field.label {
      case .repeated: return "repeated "
      case .required: return "required "
      case .optional: return field.isProto3Optional ? "optional " : ""
      }
    case .proto2:
      switch field.label {
      case .repeated: return "repeated "
      case .required: return "required "
      case .optional: return "optional "
      }
    }
  }

  /// `default`, `json_name` (only when it differs from the derived name), implied editions features, then the
  /// field's options.
  func fieldOptions(_ field: FieldInfo) -> [String] {
    var items: [String] = []
    let proto = field.proto
    if proto.hasDefaultValue { items.append("default = \(defaultLiteral(field))") }
    if !field.isExtension, proto.hasJsonName, proto.jsonName != JSONName.from(fieldName: field.name) {
      items.append("json_name = \(ProtoLiteral.quoted(proto.jsonName))")
    }
    if syntax == .editions {
      let features = proto.options.features
      if field.label == .required && !features.hasFieldPresence {
        items.append("features.field_presence = LEGACY_REQUIRED")
      }
      if field.type == .group && !features.hasMessageEncoding {
        items.append("features.message_encoding = DELIMITED")
      }
    }
    items += OptionPrinter.assignments(proto.options, type: "FieldOptions", pool: pool)
    return items
  }

  /// A proto2 default as source text. Descriptors hold strings raw and bytes already C-escaped.
  private func defaultLiteral(_ field: FieldInfo) -> String {
    let value = field.proto.defaultValue
    switch field.type {
    case .string: return ProtoLiteral.quoted(value)
    case .bytes: return "\"" + value + "\""
    default: return value
    }
  }
}
