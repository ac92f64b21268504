import Yams

/// `host:port`, `[v6]:port` and (targets only) `unix:/path`, checked the way the client parses them.
enum AddressSyntax {
  /// Why `text` is not an address, or nil when it is one.
  /// - Parameter listener: the listen address: port 0 (pick a free port) allowed, no unix socket.
  static func problem(_ text: String, listener: Bool) -> String? {
    let forms = listener ? "host:port or [ipv6]:port" : "host:port, [ipv6]:port or unix:/path"
    let invalid = "invalid address \"\(text)\": expected \(forms)"
    if !listener, text.hasPrefix("unix:") {
      return text.dropFirst("unix:".count).drop(while: { $0 == "/" }).isEmpty ? invalid : nil
    }
    let host: Substring
    let port: Substring
    if text.hasPrefix("[") {
      guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
        return invalid
      }
      host = text[text.index(after: text.startIndex)..<close]
      port = text[text.index(close, offsetBy: 2)...]
      guard isIPv6(host) else { return "invalid address \"\(text)\": \"\(host)\" is not an IPv6 address" }
    } else {
      guard let colon = text.lastIndex(of: ":") else { return "invalid address \"\(text)\": missing :port" }
      host = text[..<colon]
      port = text[text.index(after: colon)...]
      if host.contains(":") { return "invalid address \"\(text)\": write an IPv6 address in brackets, [\(host)]:\(port)" }
      if host.isEmpty {
        return "invalid address \"\(text)\": missing host"
          + (listener ? " (use 0.0.0.0:\(port) or [::]:\(port) for all interfaces)" : "")
      }
      guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_") })
      else { return "invalid address \"\(text)\": \"\(host)\" is not a host name or IP address" }
    }
    let lowest = listener ? 0 : 1
    guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(port),
      (lowest...65535).contains(number)
    else { return "invalid address \"\(text)\": port must be a number from \(lowest) to 65535" }
    return nil
  }

  /// Reports at `node` when `text` is not an address; true when it is one.
  static func check(_ text: String, at node: Node?, _ path: ConfigPath, _ context: DecodingContext, listener: Bool)
    -> Bool
  {
    guard let problem = problem(text, listener: listener) else { return true }
    context.report(.invalidValue, at: node, path.message(problem))
    return false
  }

  private static func isIPv6(_ host: Substring) -> Bool {
    host.contains(":") && host.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." || $0 == "%" }
  }
}
