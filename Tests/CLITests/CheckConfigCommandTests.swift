import Foundation
import Testing

/// `reflectprobe check-config`, run as the real binary: promtool-style output and exit codes.
@Suite struct CheckConfigCommandTests {
  static let example = CommandRunner.repoRoot.appendingPathComponent("etc/reflectprobe.yaml").path

  static func temporaryFile(_ text: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID().uuidString).yaml").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func validConfigExitsZero() throws {
    let result = try CommandRunner.run("reflectprobe", ["check-config", Self.example])
    #expect(result.status == 0)
    #expect(result.text == "Checking \(Self.example)\n  SUCCESS: 1 target, 7 probes found\n")
    #expect(result.stderr == "")
  }

  @Test func invalidConfigExitsOneWithEveryProblemOnStderr() throws {
    let file = try Self.temporaryFile(
      """
      global:
        interval: 10
      targets:
        - name: demo
          adress: 127.0.0.1:50051
      """)
    defer { try? FileManager.default.removeItem(atPath: file) }
    let result = try CommandRunner.run("reflectprobe", ["check-config", file])
    #expect(result.status == 1)
    #expect(result.text == "Checking \(file)\n  FAILED: 3 errors\n")
    #expect(
      result.stderr == """
        \(file):2:13: global.interval: invalid duration "10": missing unit (one of ms, s, m, h, d, w, y), e.g. 10s
        \(file):4:5: targets[0]: missing required key "address"
        \(file):5:5: targets[0]: unknown key "adress" (did you mean "address"?)

        """)
  }

  @Test func missingFileExitsOne() throws {
    let result = try CommandRunner.run("reflectprobe", ["check-config", "/nonexistent/reflectprobe.yaml"])
    #expect(result.status == 1)
    #expect(result.stderr == "/nonexistent/reflectprobe.yaml: cannot read config file: No such file or directory\n")
  }

  @Test func severalFilesAreAllCheckedAndOneFailureFailsTheRun() throws {
    let bad = try Self.temporaryFile("targets: [{name: x}]\n")
    defer { try? FileManager.default.removeItem(atPath: bad) }
    let result = try CommandRunner.run("reflectprobe", ["check-config", bad, Self.example])
    #expect(result.status == 1)
    #expect(
      result.text == """
        Checking \(bad)
          FAILED: 1 error

        Checking \(Self.example)
          SUCCESS: 1 target, 7 probes found

        """)
    #expect(result.stderr == "\(bad):1:11: targets[0]: missing required key \"address\"\n")
  }

  @Test func noFileIsAUsageError() throws {
    #expect(try CommandRunner.run("reflectprobe", ["check-config"]).status == 2)
  }
}
