import Foundation
import Testing

@testable import AgentConfig

/// Metadata secrets: `${VAR}` from the (injected) environment, `{file: PATH}` from disk.
@Suite struct SecretsTests {
  /// A config with one target whose metadata is `entries` (YAML lines under `metadata:`), loaded from `dir`.
  static func metadata(_ entries: String, environment: [String: String] = [:], dir: String = NSTemporaryDirectory())
    throws(ConfigErrors) -> [MetadataEntry]
  {
    let yaml = """
      targets:
        - name: t
          address: localhost:50051
          metadata:
      \(entries.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
      """
    let config = try ConfigLoader(environment: environment, workingDirectory: dir).load(yaml: yaml, file: "c.yaml")
    return config.targets[0].metadata
  }

  static func messages(_ entries: String, environment: [String: String] = [:], dir: String = NSTemporaryDirectory())
    -> [String]
  {
    do {
      _ = try metadata(entries, environment: environment, dir: dir)
      return []
    } catch {
      return error.errors.map(\.description)
    }
  }

  @Test func environmentVariablesExpandAndMarkTheValueSecret() throws {
    let entries = try Self.metadata(
      """
      x-key: "${API_KEY}"
      x-mixed: "Bearer ${TOKEN}-${API_KEY}"
      x-default: "${NOT_SET:-fallback}"
      x-empty-default: "${EMPTY:-used-when-empty}"
      x-empty: "${EMPTY}"
      x-literal: "cost: $$5, $HOME stays, a$b"
      """, environment: ["API_KEY": "k1", "TOKEN": "t2", "EMPTY": ""])
    #expect(
      entries == [
        MetadataEntry(name: "x-key", value: "k1", secret: true),
        MetadataEntry(name: "x-mixed", value: "Bearer t2-k1", secret: true),
        MetadataEntry(name: "x-default", value: "fallback", secret: true),
        MetadataEntry(name: "x-empty-default", value: "used-when-empty", secret: true),
        MetadataEntry(name: "x-empty", value: "", secret: true),
        MetadataEntry(name: "x-literal", value: "cost: $5, $HOME stays, a$b", secret: false),
      ])
  }

  @Test func unsetVariableIsAnErrorNotAnEmptyString() {
    #expect(
      Self.messages(#"x-key: "${A}/${B}""#) == [
        "c.yaml:5:14: targets[0].metadata.x-key: environment variable A is not set (set it, or write ${A:-default})",
        "c.yaml:5:14: targets[0].metadata.x-key: environment variable B is not set (set it, or write ${B:-default})",
      ])
  }

  @Test func malformedReferencesAreErrors() {
    #expect(
      Self.messages(
        """
        x-a: "${1ABC}"
        x-b: "${OPEN"
        """) == [
          #"c.yaml:5:12: targets[0].metadata.x-a: invalid variable reference "${1ABC}": expected ${NAME} or ${NAME:-default}"#,
          #"c.yaml:6:12: targets[0].metadata.x-b: unterminated "${" (write $$ for a literal $)"#,
        ])
  }

  @Test func fileSecretsAreReadTrimmedAndResolvedAgainstTheConfigDirectory() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try "s3cret\n\n".write(toFile: dir + "/token", atomically: true, encoding: .utf8)
    try "crlf-value\r\n".write(toFile: dir + "/crlf", atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(atPath: dir + "/creds", withIntermediateDirectories: true)
    try "from-credentials".write(toFile: dir + "/creds/api", atomically: true, encoding: .utf8)
    let entries = try Self.metadata(
      """
      authorization: {file: token}
      x-crlf: {file: \(dir)/crlf}
      x-cred: {file: "${CREDENTIALS_DIRECTORY}/api"}
      """, environment: ["CREDENTIALS_DIRECTORY": dir + "/creds"], dir: dir)
    #expect(
      entries == [
        MetadataEntry(name: "authorization", value: "s3cret", secret: true),
        MetadataEntry(name: "x-crlf", value: "crlf-value", secret: true),
        MetadataEntry(name: "x-cred", value: "from-credentials", secret: true),
      ])
  }

  @Test func unreadableEmptyOrMultiLineSecretFilesAreErrors() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try "\n".write(toFile: dir + "/empty", atomically: true, encoding: .utf8)
    try "line1\nline2\n".write(toFile: dir + "/two-lines", atomically: true, encoding: .utf8)
    #expect(
      Self.messages(
        """
        x-a: {file: missing}
        x-b: {file: empty}
        x-c: {file: two-lines}
        x-d: {file: .}
        x-e: {path: x}
        """, dir: dir) == [
          "c.yaml:5:19: targets[0].metadata.x-a.file: cannot read secret file \(dir)/missing: No such file or directory",
          "c.yaml:6:19: targets[0].metadata.x-b.file: secret file \(dir)/empty is empty",
          "c.yaml:7:19: targets[0].metadata.x-c.file: secret file \(dir)/two-lines contains a line break or control character",
          "c.yaml:8:19: targets[0].metadata.x-d.file: cannot read secret file \(dir)/.: Is a directory",
          "c.yaml:9:12: targets[0].metadata.x-e: missing required key \"file\"",
          "c.yaml:9:13: targets[0].metadata.x-e: unknown key \"path\"; known keys: file",
        ])
  }

  @Test func metadataKeysAreLowercasedAndChecked() {
    #expect(
      Self.messages(
        """
        X-Key: a
        x-key: b
        grpc-timeout: 1S
        "bad key": c
        """) == [
          #"c.yaml:6:7: targets[0].metadata.x-key: duplicate metadata key "x-key" (first at line 5)"#,
          #"c.yaml:7:7: targets[0].metadata.grpc-timeout: metadata key "grpc-timeout" is set by the gRPC transport and cannot be configured"#,
          #"c.yaml:8:7: targets[0].metadata.bad key: invalid metadata key "bad key": use letters, digits, - _ ."#,
        ])
  }

  static func temporaryDirectory() throws -> String {
    let dir = NSTemporaryDirectory() + "agentconfig-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }
}
