/// One problem in a configuration file, located at the YAML node it is about.
///
/// `description` is `FILE:LINE:COL: message` (or `FILE: message` when no position applies, e.g. an unreadable
/// file), the form editors and CI annotate. The message names the key path (`targets[0].probes[1].timeout`) and,
/// where it helps, what would be valid.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What kind of problem this is; stable across releases, for tests and log filters.
  public struct Code: Sendable, Hashable, CustomStringConvertible {
    private enum Value: String {
      case unreadableFile, syntax, unknownKey, missingKey, wrongType, invalidValue, duplicate, unknownReference
      case secret
    }
    private let value: Value
    private init(_ value: Value) { self.value = value }

    /// The config file (or a file it names) could not be read.
    public static let unreadableFile = Code(.unreadableFile)
    /// The file is not valid YAML (or not a single document).
    public static let syntax = Code(.syntax)
    /// A mapping key the schema does not know.
    public static let unknownKey = Code(.unknownKey)
    /// A required key is absent.
    public static let missingKey = Code(.missingKey)
    /// A value of the wrong YAML type (a sequence where a string goes, `maybe` where a bool goes).
    public static let wrongType = Code(.wrongType)
    /// A value of the right type that is not acceptable (bad duration, port, regex, out of range).
    public static let invalidValue = Code(.invalidValue)
    /// A name used twice (targets, probes of a target, YAML keys).
    public static let duplicate = Code(.duplicate)
    /// A reference to something not defined (an unknown module).
    public static let unknownReference = Code(.unknownReference)
    /// A secret could not be resolved (`${VAR}` unset, secret file unreadable).
    public static let secret = Code(.secret)

    public var description: String { value.rawValue }
  }

  public var code: Code
  /// The config file's path as given to the loader.
  public var file: String
  /// 1-based line; 0 when the problem has no position in the file.
  public var line: Int
  /// 1-based column (in Unicode scalars); 0 when the problem has no position.
  public var column: Int
  /// What is wrong, naming the key, and what to do instead.
  public var message: String

  public init(_ code: Code, file: String, line: Int, column: Int, message: String) {
    self.code = code
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  public var description: String {
    line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)"
  }
}

/// Every problem found in one configuration file (at least one), in file order. Thrown by ``ConfigLoader``.
///
/// The loader keeps going after a problem where it can, so one run of `check-config` lists all of them.
public struct ConfigErrors: Error, Sendable, Equatable, CustomStringConvertible {
  public var errors: [ConfigError]

  public init(_ errors: [ConfigError]) { self.errors = errors }

  /// One `FILE:LINE:COL: message` line per problem.
  public var description: String { errors.map(\.description).joined(separator: "\n") }
}
