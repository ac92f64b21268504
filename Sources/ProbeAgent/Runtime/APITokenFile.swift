import AgentConfig
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The bearer token the agent generates when the API requires one (`api.require_token`, the default) and the
/// configuration sets none: 32 random bytes as hex in `api-token` next to the history database (the systemd
/// `StateDirectory`), created once with mode 0600 and reused on every start and reload, so scripts and the web UI
/// can read it from a known place (`Authorization: Bearer $(cat /var/lib/reflectprobe/api-token)`).
struct APITokenFile: Sendable {
  /// Where the token lives.
  let path: String

  /// The file next to `databasePath`.
  init(databasePath: String) {
    path = URL(fileURLWithPath: databasePath).deletingLastPathComponent().appendingPathComponent("api-token").path
  }

  init(path: String) { self.path = path }

  /// Why the token file could not be read or created.
  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// `configuration` with its token filled in from this file when it needs one and has none; unchanged
  /// otherwise. `created` is true when this call wrote the file.
  func complete(_ configuration: AgentConfiguration) throws(Failure) -> (
    configuration: AgentConfiguration, generated: Bool, created: Bool
  ) {
    guard configuration.api.requireToken, configuration.api.token == nil else { return (configuration, false, false) }
    var completed = configuration
    let (token, created) = try loadOrCreate()
    completed.api.token = token
    return (completed, true, created)
  }

  /// The token in the file, creating the file with a new random token first when it does not exist.
  func loadOrCreate() throws(Failure) -> (token: String, created: Bool) {
    if let existing = try read() { return (existing, false) }
    let token = Self.randomToken()
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      let code = errno
      // Another process created it first: use theirs.
      if code == EEXIST, let existing = try read() { return (existing, false) }
      throw Failure(description: "cannot create the API token file \(path): \(String(cString: strerror(code)))")
    }
    defer { close(descriptor) }
    let bytes = Array((token + "\n").utf8)
    let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    guard written == bytes.count, fsync(descriptor) == 0 else {
      let code = errno
      unlink(path)
      throw Failure(description: "cannot write the API token file \(path): \(String(cString: strerror(code)))")
    }
    return (token, true)
  }

  /// The file's token (trailing whitespace trimmed); nil when the file does not exist.
  private func read() throws(Failure) -> String? {
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
    else { throw Failure(description: "cannot read the API token file \(path)") }
    let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !token.isEmpty, !token.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) else {
      throw Failure(
        description: "the API token file \(path) is empty or not one line of printable text; delete it to get a new one"
      )
    }
    return token
  }

  /// 32 bytes from the system's cryptographic generator, as 64 lowercase hex digits.
  static func randomToken() -> String {
    var generator = SystemRandomNumberGenerator()
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(64)
    for _ in 0..<32 {
      let byte = UInt8.random(in: .min ... .max, using: &generator)
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
  }
}
