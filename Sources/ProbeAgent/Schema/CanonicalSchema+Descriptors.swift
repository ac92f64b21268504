import DynamicProto

extension CanonicalSchema {
  /// The schema of `services`: their methods and every message and enum type reachable from the methods' input
  /// and output types through fields (map values included, map entry types themselves left out).
  public init(services: [ServiceDescriptor]) {
    self.init()
    var pendingMessages: [MessageDescriptor] = []
    for service in services {
      var methods: [String: Method] = [:]
      for method in service.methods {
        methods[method.name] = Method(
          input: method.inputType.fullName, output: method.outputType.fullName,
          clientStreaming: method.clientStreaming, serverStreaming: method.serverStreaming)
        pendingMessages += [method.inputType, method.outputType]
      }
      self.services[service.fullName] = Service(methods: methods)
    }
    var pendingEnums: [EnumDescriptor] = []
    var seen = Set<String>()
    // Bounded: each message is expanded once.
    while let message = pendingMessages.popLast() {
      guard seen.insert(message.fullName).inserted else { continue }
      var fields: [String: Field] = [:]
      for field in message.fields {
        fields[field.name] = Self.field(field)
        for referenced in Self.referencedTypes(of: field) {
          switch referenced {
          case .message(let type): pendingMessages.append(type)
          case .enumType(let type): pendingEnums.append(type)
          }
        }
      }
      if !message.isMapEntry { messages[message.fullName] = Message(fields: fields) }
    }
    for type in pendingEnums where enums[type.fullName] == nil {
      var values: [String: Int32] = [:]
      for value in type.values { values[value.name] = value.number }
      enums[type.fullName] = EnumType(values: values)
    }
  }

  private enum Referenced {
    case message(MessageDescriptor)
    case enumType(EnumDescriptor)
  }

  /// The message and enum types a field points at (for a map, its value's type).
  private static func referencedTypes(of field: FieldDescriptor) -> [Referenced] {
    let target = field.isMap ? field.mapValue ?? field : field
    if let message = target.messageType { return [.message(message)] }
    if let enumType = target.enumType { return [.enumType(enumType)] }
    return []
  }

  private static func field(_ field: FieldDescriptor) -> Field {
    let label =
      switch field.label {
      case .optional: "optional"
      case .required: "required"
      case .repeated: "repeated"
      }
    let oneof = field.containingOneof?.name
    if field.isMap, let key = field.mapKey, let value = field.mapValue {
      return Field(
        number: field.number, type: "map<\(typeWord(key)),\(typeWord(value))>", label: label,
        typeName: typeName(value), oneof: oneof)
    }
    let type =
      switch field.type {
      case .message: "message"
      case .group: "group"
      case .enum: "enum"
      default: field.type.protoKeyword ?? "\(field.type)"
      }
    return Field(number: field.number, type: type, label: label, typeName: typeName(field), oneof: oneof)
  }

  private static func typeName(_ field: FieldDescriptor) -> String? {
    field.messageType?.fullName ?? field.enumType?.fullName
  }

  /// A map key's or value's type as written in `map<K,V>`.
  private static func typeWord(_ field: FieldDescriptor) -> String {
    typeName(field) ?? field.type.protoKeyword ?? "\(field.type)"
  }
}
