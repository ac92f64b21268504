/// A method named as grpcurl accepts it: `pkg.Service/Method`, `/pkg.Service/Method` or `pkg.Service.Method`.
public struct MethodName: Hashable, Sendable, CustomStringConvertible {
  /// The fully-qualified service name, `pkg.Service`.
  public var service: String
  /// The method's simple name, `Method`.
  public var method: String

  public init(service: String, method: String) {
    self.service = service
    self.method = method
  }

  /// Parses any of the three spellings.
  ///
  /// - Throws: ``DynamicClientError`` `.invalidArgument` when there is no service part or no method part.
  public init(parsing text: String) throws(DynamicClientError) {
    var name = Substring(text)
    if name.hasPrefix("/") { name = name.dropFirst() }
    let separator = name.lastIndex(of: "/") ?? name.lastIndex(of: ".")
    guard let separator, separator != name.startIndex, name.index(after: separator) != name.endIndex,
      !name[..<separator].contains("/" as Character)
    else {
      throw DynamicClientError(
        .invalidArgument, "invalid method name \"\(text)\": expected package.Service/Method or package.Service.Method")
    }
    service = String(name[..<separator])
    method = String(name[name.index(after: separator)...])
  }

  /// `pkg.Service/Method`.
  public var description: String { "\(service)/\(method)" }
}
