import DynamicProto

/// A field path into a response's JSON: dotted keys with `[n]` indexes (`user.addresses[0].city`), an optional
/// leading `$.`. Keys may be JSON names (`displayName`, as the client prints them) or `.proto` names
/// (`display_name`): with the response's message type at hand the proto name is looked up in the descriptor
/// (which knows custom `json_name`s); without, it is converted by protoc's rule (`display_name` → `displayName`).
/// Inside a map field the key is the map key, as is.
struct ResponsePath: Sendable, Equatable, CustomStringConvertible {
  enum Segment: Sendable, Equatable {
    case key(String)
    case index(Int)
  }

  let segments: [Segment]
  let description: String

  /// - Throws: ``ProbeFailure`` for an empty path, an empty key, or a malformed index.
  init(parsing text: String) throws {
    description = text
    var body = Substring(text)
    if body.hasPrefix("$.") { body = body.dropFirst(2) } else if body == "$" { body = "" }
    let invalid = { (why: String) in ProbeFailure(statusCode: nil, "invalid assertion path \"\(text)\": \(why)") }
    var segments: [Segment] = []
    var key = ""
    var previous: Character? = nil
    var index = body.startIndex
    while index < body.endIndex {
      let character = body[index]
      switch character {
      case ".":
        if !key.isEmpty {
          segments.append(.key(key))
          key = ""
        } else if previous != "]" {
          throw invalid("empty field name")
        }
      case "[":
        if !key.isEmpty {
          segments.append(.key(key))
          key = ""
        } else if previous == "." {
          throw invalid("empty field name")
        }
        guard let close = body[index...].firstIndex(of: "]"),
          let number = Int(body[body.index(after: index)..<close]), number >= 0
        else { throw invalid("an index must be a non-negative integer in brackets") }
        segments.append(.index(number))
        index = close
      default:
        key.append(character)
      }
      previous = body[index]
      index = body.index(after: index)
    }
    if !key.isEmpty { segments.append(.key(key)) }
    if previous == "." { throw invalid("empty field name") }
    guard !segments.isEmpty else { throw invalid("the path is empty") }
    self.segments = segments
  }

  /// The value at this path in `root`, nil when absent. `type` is the response's message type, if known.
  func value(in root: JSONValue, type: MessageDescriptor?) -> JSONValue? {
    var current = root
    var message = type.flatMap(Self.walkable)
    var inMap = false
    for segment in segments {
      switch segment {
      case .index(let position):
        guard let elements = current.arrayValue, elements.indices.contains(position) else { return nil }
        current = elements[position]
      case .key(let name):
        guard current.objectValue != nil else { return nil }
        if inMap {
          guard let value = current[name] else { return nil }
          current = value
          inMap = false
          continue
        }
        let field = message.flatMap { $0.field(named: name) ?? $0.field(jsonName: name) }
        let candidates = [name, field?.jsonName, field?.name, Self.lowerCamelCase(name)].compactMap { $0 }
        guard let found = candidates.lazy.compactMap({ current[$0] }).first else { return nil }
        current = found
        if let field, field.isMap {
          inMap = true
          message = field.mapValue?.messageType.flatMap(Self.walkable)
        } else {
          message = field?.messageType.flatMap(Self.walkable)
        }
      }
    }
    return current
  }

  /// Message types whose JSON is an object of their fields (well-known types print otherwise).
  private static func walkable(_ type: MessageDescriptor) -> MessageDescriptor? {
    type.isWellKnownType ? nil : type
  }

  /// protoc's default JSON name: underscores dropped, the letter after each capitalised.
  static func lowerCamelCase(_ name: String) -> String {
    var result = ""
    var upperNext = false
    for character in name {
      if character == "_" {
        upperNext = true
      } else if upperNext {
        result += character.uppercased()
        upperNext = false
      } else {
        result.append(character)
      }
    }
    return result
  }
}
