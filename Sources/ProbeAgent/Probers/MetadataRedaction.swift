import AgentConfig
import Foundation

/// Keeps request metadata values out of error texts: every value that is a secret (`${ENV}` or file) or sits under
/// a sensitive header name (authorization, cookies, anything with `key`, `token`, `secret`, `password`, `auth`) is
/// replaced by `<redacted>` wherever it appears — servers do echo credentials in error messages.
struct MetadataRedaction: Sendable {
  private let values: [String]

  init(_ request: ProbeRequest) {
    var entries = request.target.metadata
    if case .invoke(let settings) = request.spec.kind { entries += settings.metadata }
    self.init(entries)
  }

  init(_ entries: [MetadataEntry]) {
    let sensitive = entries.filter { !$0.value.isEmpty && ($0.secret || Self.isSensitive($0.name)) }
    // Longest first, so a value containing another is replaced whole.
    values = Set(sensitive.map(\.value)).sorted { $0.count > $1.count }
  }

  /// Whether a header name usually carries a credential.
  static func isSensitive(_ name: String) -> Bool {
    let lowered = name.lowercased()
    return ["auth", "cookie", "key", "token", "secret", "password", "credential", "session"].contains {
      lowered.contains($0)
    }
  }

  func redact(_ text: String) -> String {
    values.reduce(text) { $0.replacingOccurrences(of: $1, with: "<redacted>") }
  }
}
