import Foundation

/// A target's API schema in canonical form: services → methods (types, streaming), and every message and enum
/// type reachable from them (fields: number, type, cardinality, type name, oneof; enum values). What a discovery
/// probe snapshots and compares.
///
/// Its JSON (``jsonText()``) is deterministic — sorted keys, no insignificant whitespace — so equal schemas have
/// equal text and equal ``hash``, whatever order the server described them in. Names are fully qualified without
/// the leading dot. Map entry types are not listed: a map field reads `map<K,V>` and points at V's type.
public struct CanonicalSchema: Codable, Sendable, Equatable {
  /// The format's version, bumped if the shape changes (old snapshots then yield no drift, only a new baseline).
  public var version: Int = 1
  /// By fully-qualified service name.
  public var services: [String: Service] = [:]
  /// By fully-qualified message name.
  public var messages: [String: Message] = [:]
  /// By fully-qualified enum name.
  public var enums: [String: EnumType] = [:]

  public init() {}

  /// A service: its methods by name.
  public struct Service: Codable, Sendable, Equatable {
    public var methods: [String: Method]
    public init(methods: [String: Method] = [:]) { self.methods = methods }
  }

  /// A method's types and streaming kind.
  public struct Method: Codable, Sendable, Equatable {
    public var input: String
    public var output: String
    public var clientStreaming: Bool
    public var serverStreaming: Bool
    public init(input: String, output: String, clientStreaming: Bool = false, serverStreaming: Bool = false) {
      self.input = input
      self.output = output
      self.clientStreaming = clientStreaming
      self.serverStreaming = serverStreaming
    }

    /// `unary`, `client streaming`, `server streaming` or `bidi streaming`.
    public var streamingKind: String {
      switch (clientStreaming, serverStreaming) {
      case (false, false): "unary"
      case (true, false): "client streaming"
      case (false, true): "server streaming"
      case (true, true): "bidi streaming"
      }
    }
  }

  /// A message type: its fields by name.
  public struct Message: Codable, Sendable, Equatable {
    public var fields: [String: Field]
    public init(fields: [String: Field] = [:]) { self.fields = fields }
  }

  /// A field. `type` is the scalar keyword (`int64`), `message`, `enum`, `group`, or `map<K,V>`; `typeName` names
  /// the message or enum type (for maps: the value's, when it is one).
  public struct Field: Codable, Sendable, Equatable {
    public var number: Int32
    public var type: String
    /// `optional`, `required` or `repeated` (maps are `repeated`).
    public var label: String
    public var typeName: String?
    /// The real oneof holding the field (proto3 `optional` fields have none).
    public var oneof: String?
    public init(number: Int32, type: String, label: String = "optional", typeName: String? = nil, oneof: String? = nil)
    {
      self.number = number
      self.type = type
      self.label = label
      self.typeName = typeName
      self.oneof = oneof
    }

    /// The type as a person reads it: the type name when there is one (maps: the whole `map<K,V>`).
    public var displayType: String { type.hasPrefix("map<") ? type : typeName ?? type }
  }

  /// An enum type: its values by name.
  public struct EnumType: Codable, Sendable, Equatable {
    public var values: [String: Int32]
    public init(values: [String: Int32] = [:]) { self.values = values }
  }

  /// Methods across all services.
  public var methodCount: Int { services.values.reduce(0) { $0 + $1.methods.count } }

  /// The canonical JSON text.
  public func jsonText() -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // Encoding plain strings, integers and booleans cannot fail.
    let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }

  /// Reads a snapshot's JSON.
  ///
  /// - Throws: `DecodingError` when the text is not a schema of this format.
  public init(jsonText: String) throws {
    self = try JSONDecoder().decode(CanonicalSchema.self, from: Data(jsonText.utf8))
  }

  /// The hash of the canonical JSON: FNV-1a 64, 16 lowercase hex digits.
  public var hash: String { SchemaHash.fnv1a64(jsonText()) }
}
