/// A store failure that is not SQLite's own (those are ``SQLiteError``): a code to match on and a message that
/// says what to do.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What went wrong, extensible without breaking `switch`es elsewhere.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Value: String { case closed, writerAlreadyRunning, newerSchema, invalidArgument }
    private let value: Value
    private init(_ value: Value) { self.value = value }
    /// The store was closed; the call came too late.
    public static let closed = Code(.closed)
    /// `run()` was called while another `run()` is active: there is one writer.
    public static let writerAlreadyRunning = Code(.writerAlreadyRunning)
    /// The database was written by a newer reflectprobe (its schema version is unknown to this one).
    public static let newerSchema = Code(.newerSchema)
    /// An argument is out of range (e.g. a non-positive step or queue capacity).
    public static let invalidArgument = Code(.invalidArgument)
    public var description: String { value.rawValue }
  }

  public var code: Code
  public var message: String

  public init(_ code: Code, _ message: String) {
    self.code = code
    self.message = message
  }

  public var description: String { "store error (\(code)): \(message)" }
}
