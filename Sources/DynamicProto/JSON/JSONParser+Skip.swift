extension JSONScanner {
  /// Skips one value, checking its syntax, its depth and that none of its objects repeats a key, without
  /// recursion and without building values.
  mutating func skipValue() throws {
    switch try peekKind() {
    case .string: _ = try readRawString()
    case .number: _ = try readNumber()
    case .bool: _ = try readBool()
    case .null: try readNull()
    case .object, .array: try skipContainer()
    }
  }

  private mutating func skipContainer() throws {
    // For each open container: whether it is an object, and the keys seen in it.
    var stack: [(isObject: Bool, keys: Set<String>)] = []
    while true {
      // Positioned at the start of a value.
      switch try peekKind() {
      case .object:
        if try beginObject() {
          stack.append((true, []))
          try skipKey(into: &stack[stack.count - 1].keys)
          continue
        }
      case .array:
        if try beginArray() {
          stack.append((false, []))
          continue
        }
      case .string: _ = try readRawString()
      case .number: _ = try readNumber()
      case .bool: _ = try readBool()
      case .null: try readNull()
      }
      // A value ended: move to the next one, closing containers that end here.
      while true {
        guard let top = stack.last else { return }
        if top.isObject {
          if try nextObjectMember() {
            try skipKey(into: &stack[stack.count - 1].keys)
            break
          }
        } else if try nextArrayElement() {
          break
        }
        stack.removeLast()
        if stack.isEmpty { return }
      }
    }
  }

  private mutating func skipKey(into keys: inout Set<String>) throws {
    skipWhitespace()
    let offset = pos
    let key = try readKey()
    if !keys.insert(key).inserted { throw JSONValue.duplicate(key, scanner: self, at: offset) }
  }
}
