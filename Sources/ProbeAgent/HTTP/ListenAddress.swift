import Hummingbird

/// `global.listen` parsed: `host:port`, `[v6]:port`, or `:port` (all interfaces). Port 0 lets the system pick
/// one (tests).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
  public var host: String
  public var port: Int

  public init(host: String, port: Int) {
    self.host = host
    self.port = port
  }

  /// Parses `text`, throwing an ``AgentHTTPError`` (code `invalid_listen_address`) that names the bad part.
  public init(parsing text: String) throws {
    guard let colon = text.lastIndex(of: ":") else {
      throw Self.invalid(text, "expected host:port, e.g. 127.0.0.1:9464")
    }
    var host = String(text[..<colon])
    let portText = text[text.index(after: colon)...]
    guard let port = Int(portText), (0...65535).contains(port) else {
      throw Self.invalid(text, "the port must be a number from 0 to 65535")
    }
    if host.hasPrefix("[") && host.hasSuffix("]") {
      host = String(host.dropFirst().dropLast())
    } else if host.contains(":") {
      throw Self.invalid(text, "write an IPv6 address in brackets, e.g. [::1]:9464")
    }
    self.host = host.isEmpty ? "0.0.0.0" : host
    self.port = port
  }

  public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

  /// Hummingbird's bind address.
  public var bindAddress: BindAddress { .hostname(host, port: port) }

  private static func invalid(_ text: String, _ reason: String) -> AgentHTTPError {
    AgentHTTPError(.internalServerError, code: "invalid_listen_address", message: "listen address '\(text)': \(reason)")
  }
}
