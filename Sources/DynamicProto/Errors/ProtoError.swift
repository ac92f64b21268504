/// An error from the descriptor pool or one of the codecs.
///
/// Every error carries a machine-readable ``Code`` and a message a person can act on. For codec errors the message
/// starts with the path of the offending field (`$.addresses[2].city: expected string, got number`), so the path
/// also appears when the error is printed as a whole.
public struct ProtoError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The kind of failure: stable, so callers (and the CLI's exit codes) can switch on it.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Kind: String, Hashable, Sendable {
      case invalidDescriptor, missingDependency, duplicateSymbol, unresolvedType, symbolNotFound
      case invalidJSON, invalidBinary, limitExceeded, unsupported
    }
    private let kind: Kind
    private init(_ kind: Kind) { self.kind = kind }
    /// A descriptor is malformed (bad field number, map entry without key, ...).
    public static let invalidDescriptor = Code(.invalidDescriptor)
    /// A file imports another file that is not in the set.
    public static let missingDependency = Code(.missingDependency)
    /// Two files define the same fully-qualified name.
    public static let duplicateSymbol = Code(.duplicateSymbol)
    /// A field, method or extension refers to a type no file defines.
    public static let unresolvedType = Code(.unresolvedType)
    /// A lookup by name found nothing.
    public static let symbolNotFound = Code(.symbolNotFound)
    /// JSON input is not valid JSON or does not match the message type.
    public static let invalidJSON = Code(.invalidJSON)
    /// Binary input is not a valid encoding of the message type.
    public static let invalidBinary = Code(.invalidBinary)
    /// A nesting-depth or size limit was exceeded.
    public static let limitExceeded = Code(.limitExceeded)
    /// The input uses a feature this codec does not handle.
    public static let unsupported = Code(.unsupported)
    public var description: String { kind.rawValue }
  }

  /// What kind of failure this is.
  public var code: Code
  /// A human-readable message; for codec errors it starts with the JSON path of the field (`$.a.b[2]: ...`).
  public var message: String
  /// The path of the offending field, `$` for the top level, or nil when no field is involved.
  public var path: String?

  public init(_ code: Code, _ message: String, path: String? = nil) {
    self.code = code
    self.message = message
    self.path = path
  }

  public var description: String {
    if let path { return "\(path): \(message)" }
    return message
  }
}
