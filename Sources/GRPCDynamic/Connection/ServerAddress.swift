import GRPCNIOTransportHTTP2

/// Where a server listens: `host:port`, `[v6]:port`, `unix:/path` (grpcurl's forms), parsed and validated.
///
/// A host that is an IPv4 or IPv6 literal is dialled directly; any other host is resolved through DNS.
public struct ServerAddress: Hashable, Sendable, CustomStringConvertible {
  /// The address's kind.
  public enum Kind: Hashable, Sendable {
    case ipv4(String, port: Int)
    case ipv6(String, port: Int)
    case dns(String, port: Int)
    case unixSocket(path: String)
  }

  public let kind: Kind

  public init(_ kind: Kind) { self.kind = kind }

  /// Parses `host:port`, `[ipv6]:port`, `unix:/path` or `unix:///path`.
  ///
  /// - Throws: ``DynamicClientError`` `.invalidArgument` naming the expected forms.
  public init(parsing text: String) throws(DynamicClientError) {
    let invalid = DynamicClientError(
      .invalidArgument,
      "invalid address \"\(text)\": expected host:port, [ipv6]:port or unix:/path/to/socket")
    if text.hasPrefix("unix:") {
      var path = String(text.dropFirst("unix:".count))
      if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
      guard !path.isEmpty else { throw invalid }
      kind = .unixSocket(path: path)
      return
    }
    let host: String
    let portText: Substring
    if text.hasPrefix("[") {
      guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
        throw invalid
      }
      host = String(text[text.index(after: text.startIndex)..<close])
      portText = text[text.index(close, offsetBy: 2)...]
      guard Self.isIPv6(host), let port = Self.port(portText) else { throw invalid }
      kind = .ipv6(host, port: port)
      return
    }
    guard let colon = text.lastIndex(of: ":") else { throw invalid }
    host = String(text[..<colon])
    portText = text[text.index(after: colon)...]
    guard !host.isEmpty, let port = Self.port(portText) else { throw invalid }
    if Self.isIPv4(host) {
      kind = .ipv4(host, port: port)
    } else if Self.isIPv6(host) {
      kind = .ipv6(host, port: port)
    } else if host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_") }) {
      kind = .dns(host, port: port)
    } else {
      throw invalid
    }
  }

  /// The address as given: `host:port`, `[v6]:port` or `unix:/path`.
  public var description: String {
    switch kind {
    case .ipv4(let host, let port), .dns(let host, let port): "\(host):\(port)"
    case .ipv6(let host, let port): "[\(host)]:\(port)"
    case .unixSocket(let path): "unix:\(path)"
    }
  }

  /// The host name for `:authority` and TLS SNI defaults (nil for a socket path).
  public var host: String? {
    switch kind {
    case .ipv4(let host, _), .ipv6(let host, _), .dns(let host, _): host
    case .unixSocket: nil
    }
  }

  /// grpc-swift's resolvable target.
  var resolvableTarget: any ResolvableTarget {
    switch kind {
    case .ipv4(let host, let port): ResolvableTargets.IPv4.ipv4(address: host, port: port)
    case .ipv6(let host, let port): ResolvableTargets.IPv6.ipv6(address: host, port: port)
    case .dns(let host, let port): ResolvableTargets.DNS.dns(host: host, port: port)
    case .unixSocket(let path): ResolvableTargets.UnixDomainSocket.unixDomainSocket(path: path)
    }
  }

  private static func port(_ text: Substring) -> Int? {
    guard !text.isEmpty, text.count <= 5, text.allSatisfy(\.isASCII), let port = Int(text), (1...65535).contains(port)
    else { return nil }
    return port
  }

  private static func isIPv4(_ host: String) -> Bool {
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4
      && parts.allSatisfy {
        !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && Int($0).map { $0 <= 255 } == true
      }
  }

  private static func isIPv6(_ host: String) -> Bool {
    host.contains(":") && host.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." || $0 == "%" }
  }
}
