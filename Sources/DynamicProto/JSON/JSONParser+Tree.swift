extension JSONValue {
  /// Parses JSON text (UTF-8) strictly per RFC 8259.
  ///
  /// Rejects trailing commas, comments, `NaN`/`Infinity`, leading zeros, unescaped control characters, invalid
  /// UTF-8, unpaired surrogate escapes, a byte order mark and duplicate keys in one object. Runs without recursion
  /// in time linear in the input; nesting deeper than `maxDepth` arrays/objects and input over `maxInputBytes`
  /// fail with ``ProtoError/Code/limitExceeded``. Syntax errors are ``ProtoError/Code/invalidJSON`` with the line,
  /// column and byte offset.
  public init(parsing bytes: [UInt8], maxDepth: Int = 100, maxInputBytes: Int = 64 << 20) throws {
    guard bytes.count <= maxInputBytes else { throw JSONValue.tooLarge(bytes.count, maxInputBytes) }
    self = try bytes.withUnsafeBufferPointer { try JSONValue.parse($0, maxDepth: maxDepth) }
  }

  /// Parses JSON text, with the same rules and limits as the `[UInt8]` form.
  public init(parsing text: String, maxDepth: Int = 100, maxInputBytes: Int = 64 << 20) throws {
    var text = text
    let count = text.utf8.count
    guard count <= maxInputBytes else { throw JSONValue.tooLarge(count, maxInputBytes) }
    self = try text.withUTF8 { try JSONValue.parse($0, maxDepth: maxDepth) }
  }

  static func tooLarge(_ count: Int, _ limit: Int) -> ProtoError {
    ProtoError(.limitExceeded, "JSON input of \(count) bytes exceeds the limit of \(limit) bytes")
  }

  /// One open array or object while parsing.
  private struct Frame {
    var isObject: Bool
    var items: [JSONValue] = []
    var members: [(key: String, value: JSONValue)] = []
    var key = ""
    /// Keys seen so far, built once an object grows past a few members.
    var keySet: Set<String>? = nil

    mutating func addMember(_ value: JSONValue, scanner: JSONScanner, keyOffset: Int) throws {
      if keySet == nil && members.count >= 8 { keySet = Set(members.map(\.key)) }
      if keySet != nil {
        if !keySet!.insert(key).inserted { throw JSONValue.duplicate(key, scanner: scanner, at: keyOffset) }
      } else if members.contains(where: { $0.key == key }) {
        throw JSONValue.duplicate(key, scanner: scanner, at: keyOffset)
      }
      members.append((key, value))
    }
  }

  static func duplicate(_ key: String, scanner: JSONScanner, at offset: Int) -> ProtoError {
    ProtoError(.invalidJSON, "invalid JSON: duplicate key \(quoted(key)) at \(scanner.location(offset))")
  }

  static func parse(_ buf: UnsafeBufferPointer<UInt8>, maxDepth: Int) throws -> JSONValue {
    var s = JSONScanner(buf, maxDepth: maxDepth)
    var stack: [Frame] = []
    var keyOffsets: [Int] = []
    while true {
      var value: JSONValue
      switch try s.peekKind() {
      case .object:
        if try s.beginObject() {
          s.skipWhitespace()
          keyOffsets.append(s.pos)
          stack.append(Frame(isObject: true, key: try s.readKey()))
          continue
        }
        value = .object([])
      case .array:
        if try s.beginArray() {
          stack.append(Frame(isObject: false))
          continue
        }
        value = .array([])
      case .string: value = .string(try s.readString())
      case .number:
        let token = try s.readNumber()
        value = .number(s.text(token.start, token.end))
      case .bool: value = .bool(try s.readBool())
      case .null:
        try s.readNull()
        value = .null
      }
      // Attach the value to the open containers, closing those that end here.
      while true {
        guard !stack.isEmpty else {
          try s.expectEnd()
          return value
        }
        let top = stack.count - 1
        if stack[top].isObject {
          try stack[top].addMember(value, scanner: s, keyOffset: keyOffsets[keyOffsets.count - 1])
          if try s.nextObjectMember() {
            s.skipWhitespace()
            keyOffsets[keyOffsets.count - 1] = s.pos
            stack[top].key = try s.readKey()
            break
          }
          keyOffsets.removeLast()
          value = .object(stack.removeLast().members)
        } else {
          stack[top].items.append(value)
          if try s.nextArrayElement() { break }
          value = .array(stack.removeLast().items)
        }
      }
    }
  }
}
