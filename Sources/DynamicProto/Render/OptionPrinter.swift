import SwiftProtobuf

/// Prints the options of a descriptor (`FileOptions`, `FieldOptions`, ...) as `.proto` option assignments.
///
/// The options message is serialized and walked field by field against its schema, so standard options
/// (`java_package = "x"`, `deprecated = true`), custom options from extensions in the pool
/// (`(.google.api.http) = { get: "/v1/x" }`) and editions features (`features.field_presence = EXPLICIT`) all go
/// through one path. Fields the schema does not know are left out.
enum OptionPrinter {
  /// Nesting limit for message-valued options.
  static let maxDepth = 32

  /// `name = value` assignments, without the `option` keyword or the trailing `;`, in wire order.
  static func assignments<M: SwiftProtobuf.Message>(
    _ options: M, type: String, pool: PoolStorage, skipping skipped: Set<Int32> = []
  ) -> [String] {
    guard let bytes: [UInt8] = try? options.serializedBytes(partial: true), !bytes.isEmpty else { return [] }
    let schema = OptionSchema(pool: pool, fullName: "google.protobuf." + type)
    var result: [String] = []
    for entry in decode(bytes, schema: schema, depth: 0) {
      if skipped.contains(entry.number) || entry.number == 999 { continue }
      if entry.spec.extensionName == nil, entry.spec.name == "features", case .aggregate(let features) = entry.value {
        for feature in features {
          result.append("features.\(statementName(feature.spec)) = \(text(feature.value))")
        }
      } else {
        result.append("\(statementName(entry.spec)) = \(text(entry.value))")
      }
    }
    return result
  }

  private struct Entry {
    let number: Int32
    let spec: OptionFieldSpec
    let value: Value
  }

  private indirect enum Value {
    case literal(String)
    case aggregate([Entry])
  }

  private static func statementName(_ spec: OptionFieldSpec) -> String {
    spec.extensionName.map { "(.\($0))" } ?? spec.name
  }

  private static func text(_ value: Value) -> String {
    switch value {
    case .literal(let literal): return literal
    case .aggregate(let entries):
      if entries.isEmpty { return "{}" }
      let parts = entries.map { entry -> String in
        let name = entry.spec.extensionName.map { "[\($0)]" } ?? entry.spec.textName
        if case .aggregate = entry.value { return "\(name) \(text(entry.value))" }
        return "\(name): \(text(entry.value))"
      }
      return "{ " + parts.joined(separator: " ") + " }"
    }
  }

  /// Decodes one message's fields. Occurrences of a singular message field are merged (protoc writes
  /// `(opt).a = 1, (opt).b = 2` as two records), a repeated singular scalar keeps its last value.
  private static func decode(_ bytes: [UInt8], schema: OptionSchema, depth: Int) -> [Entry] {
    var scanner = WireScanner(bytes)
    var order: [(number: Int32, spec: OptionFieldSpec, wire: [WireScanner.Value])] = []
    var slot: [Int32: Int] = [:]
    // Each step consumes input, so the loop ends with the bytes.
    while let (number, wire) = scanner.next() {
      guard let spec = schema.field(number) else { continue }
      if !spec.isRepeated, let i = slot[number] {
        if case .message = spec.kind { order[i].wire.append(wire) } else { order[i].wire = [wire] }
      } else {
        slot[number] = order.count
        order.append((number, spec, [wire]))
      }
    }
    var entries: [Entry] = []
    for (number, spec, wires) in order {
      let merged: [WireScanner.Value]
      if case .message = spec.kind, !spec.isRepeated, wires.count > 1 {
        merged = [.lengthDelimited(wires.flatMap { wire -> [UInt8] in
          switch wire {
          case .lengthDelimited(let body), .group(let body): body
          default: []
          }
        })]
      } else {
        merged = wires
      }
      for wire in merged {
        for value in values(wire, spec: spec, schema: schema, depth: depth) {
          entries.append(Entry(number: number, spec: spec, value: value))
        }
      }
    }
    return entries
  }

  private static func values(
    _ wire: WireScanner.Value, spec: OptionFieldSpec, schema: OptionSchema, depth: Int
  ) -> [Value] {
    if case .message(let ref) = spec.kind {
      switch wire {
      case .lengthDelimited(let body), .group(let body):
        guard depth < maxDepth else { return [.aggregate([])] }
        return [.aggregate(decode(body, schema: schema.schema(of: ref), depth: depth + 1))]
      default: return []
      }
    }
    switch wire {
    case .varint(let raw): return scalar(raw, width: 0, spec: spec).map { [.literal($0)] } ?? []
    case .fixed32(let raw): return scalar(UInt64(raw), width: 4, spec: spec).map { [.literal($0)] } ?? []
    case .fixed64(let raw): return scalar(raw, width: 8, spec: spec).map { [.literal($0)] } ?? []
    case .group: return []
    case .lengthDelimited(let body):
      switch spec.type {
      case .string: return [.literal(ProtoLiteral.quoted(bytes: body, keepUTF8: true))]
      case .bytes: return [.literal(ProtoLiteral.quoted(bytes: body, keepUTF8: false))]
      default:
        // A packed run of numeric values.
        let width = wireWidth(spec.type)
        var inner = WireScanner(body)
        let raws = width == 0 ? inner.readAllVarints() : inner.readAllFixed(width)
        return raws.compactMap { scalar($0, width: width, spec: spec).map(Value.literal) }
      }
    }
  }

  /// 0 for varint types, else the fixed width in bytes.
  private static func wireWidth(_ type: FieldType) -> Int {
    switch type {
    case .fixed32, .sfixed32, .float: 4
    case .fixed64, .sfixed64, .double: 8
    default: 0
    }
  }

  /// The literal for one numeric value, or nil when the wire type does not fit the field type.
  private static func scalar(_ raw: UInt64, width: Int, spec: OptionFieldSpec) -> String? {
    guard wireWidth(spec.type) == width else { return nil }
    if case .enumeration(let names) = spec.kind {
      let number = Int32(truncatingIfNeeded: raw)
      return names[number] ?? "\(number)"
    }
    switch spec.type {
    case .int32: return "\(Int32(truncatingIfNeeded: raw))"
    case .int64: return "\(Int64(bitPattern: raw))"
    case .uint32, .fixed32: return "\(UInt32(truncatingIfNeeded: raw))"
    case .uint64, .fixed64: return "\(raw)"
    case .sint32:
      let v = UInt32(truncatingIfNeeded: raw)
      return "\(Int32(bitPattern: (v >> 1) ^ (0 &- (v & 1))))"
    case .sint64: return "\(Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))"
    case .sfixed32: return "\(Int32(bitPattern: UInt32(truncatingIfNeeded: raw)))"
    case .sfixed64: return "\(Int64(bitPattern: raw))"
    case .bool: return raw != 0 ? "true" : "false"
    case .float: return ProtoLiteral.number(Float(bitPattern: UInt32(truncatingIfNeeded: raw)))
    case .double: return ProtoLiteral.number(Double(bitPattern: raw))
    case .enum: return "\(Int32(truncatingIfNeeded: raw))"
    case .string, .bytes, .message, .group: return nil
    }
  }
}
