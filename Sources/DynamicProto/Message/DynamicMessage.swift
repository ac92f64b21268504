/// A protobuf message whose type is known only at run time, through a ``MessageDescriptor``.
///
/// A value type with copy-on-write storage: one slot per declared field (indexed by declaration order), a table of
/// extension values by field number, and the raw bytes of unknown fields, which survive a binary round trip.
/// Setting a member of a oneof clears the others.
public struct DynamicMessage: Sendable, Equatable {
  /// The message's type.
  public let descriptor: MessageDescriptor
  /// One slot per field in declaration order; nil when the field is not set.
  var values: [ProtoValue?]
  /// Extension values by field number.
  var extensionValues: [Int32: ProtoValue] = [:]
  /// Fields not in the descriptor, as their original wire bytes (tag included), in the order they were read.
  public var unknownFields: [UInt8] = []

  /// An empty message of the given type.
  public init(_ descriptor: MessageDescriptor) {
    self.descriptor = descriptor
    self.values = Array(repeating: nil, count: descriptor.info.fields.count)
  }

  public static func == (a: DynamicMessage, b: DynamicMessage) -> Bool {
    a.descriptor == b.descriptor && a.values == b.values && a.extensionValues == b.extensionValues
      && a.unknownFields == b.unknownFields
  }

  /// Whether the field is set. For implicit-presence (proto3) fields a stored zero value counts as not set.
  public func has(_ field: FieldDescriptor) -> Bool {
    guard let value = storedValue(field) else { return false }
    return field.info.hasPresence || !value.isZero
  }

  /// The field's stored value, or nil when it was never set.
  public subscript(field: FieldDescriptor) -> ProtoValue? {
    get { storedValue(field) }
    set { set(field, newValue) }
  }

  /// The field with this proto or JSON name (a convenience for tests and scripts).
  public subscript(name: String) -> ProtoValue? {
    get { descriptor.field(named: name).flatMap { storedValue($0) } }
    set {
      if let field = descriptor.field(named: name) { set(field, newValue) }
    }
  }

  /// The field's value, or its zero value when not set.
  public func value(of field: FieldDescriptor) -> ProtoValue {
    storedValue(field) ?? ProtoValue.zero(for: field.info, pool: descriptor.pool)
  }

  /// Removes the field's value.
  public mutating func clear(_ field: FieldDescriptor) { set(field, nil) }

  /// Set fields and extensions, ordered by field number.
  public var setFields: [(field: FieldDescriptor, value: ProtoValue)] {
    var result: [(FieldDescriptor, ProtoValue)] = []
    let pool = descriptor.pool
    for (i, value) in values.enumerated() {
      guard let value else { continue }
      let info = descriptor.info.fields[i]
      if !info.hasPresence && value.isZero { continue }
      result.append((FieldDescriptor(pool: pool, info: info), value))
    }
    let table = pool.extensionsByMessage[descriptor.index] ?? [:]
    for (number, value) in extensionValues {
      if let x = table[number] { result.append((FieldDescriptor(pool: pool, info: pool.extensions[x]), value)) }
    }
    return result.sorted { $0.0.number < $1.0.number }
  }

  private func storedValue(_ field: FieldDescriptor) -> ProtoValue? {
    if field.info.isExtension { return extensionValues[field.number] }
    guard field.info.containingIndex == descriptor.index, field.info.index < values.count else { return nil }
    return values[field.info.index]
  }

  private mutating func set(_ field: FieldDescriptor, _ value: ProtoValue?) {
    if field.info.isExtension {
      extensionValues[field.number] = value
      return
    }
    guard field.info.containingIndex == descriptor.index else { return }
    setSlot(field.info, value)
  }

  /// Stores a value into a field's slot, clearing the other members of its oneof.
  @inline(__always) mutating func setSlot(_ info: FieldInfo, _ value: ProtoValue?) {
    if info.oneofIndex >= 0 && value != nil {
      for other in descriptor.info.oneofFields[info.oneofIndex] where other != info.index {
        values[other] = nil
      }
    }
    values[info.index] = value
  }
}
