import Foundation
import Testing

/// `systemd/reflectprobe.service` and `systemd/reflectprobe.sysusers` checked by systemd's own tools, and the
/// built binary run under the kernel's equivalent of `MemoryDenyWriteExecute=yes`. A missing tool or binary is a
/// failure: the Makefile installs `systemd` and builds everything before testing.
@Suite struct UnitFileTests {
  static let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let unit = repository.appendingPathComponent("systemd/reflectprobe.service")
  static let binary = repository.appendingPathComponent(".build/debug/reflectprobe")

  @Test func systemdAnalyzeVerifiesTheUnitWithoutComment() throws {
    guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
      Issue.record("\(Self.binary.path) is missing: run `swift build` first")
      return
    }
    let text = try String(contentsOf: Self.unit, encoding: .utf8)
    #expect(text.contains("ExecStart=/usr/local/bin/reflectprobe agent --config /etc/reflectprobe/reflectprobe.yaml"))
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rp-unit-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let copy = directory.appendingPathComponent("reflectprobe.service")
    try text.replacingOccurrences(of: "ExecStart=/usr/local/bin/reflectprobe ", with: "ExecStart=\(Self.binary.path) ")
      .write(to: copy, atomically: true, encoding: .utf8)
    let result = try Tool.run("systemd-analyze", ["verify", copy.path])
    #expect(result.status == 0)
    #expect(result.output == "", "systemd-analyze verify said:\n\(result.output)")
  }

  @Test func unitHasTheAgreedSettings() throws {
    let settings = try Self.settings()
    let expected: [String: String] = [
      "Type": "notify", "NotifyAccess": "main", "ExecReload": "/bin/kill -HUP $MAINPID", "WatchdogSec": "30",
      "Restart": "on-failure", "StateDirectory": "reflectprobe", "User": "reflectprobe", "ProtectSystem": "strict",
      "ProtectHome": "yes", "NoNewPrivileges": "yes", "PrivateTmp": "yes", "PrivateDevices": "yes",
      "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX", "SystemCallArchitectures": "native",
      "CapabilityBoundingSet": "", "LockPersonality": "yes", "MemoryDenyWriteExecute": "yes",
      "ProtectKernelTunables": "yes", "ProtectKernelModules": "yes", "ProtectKernelLogs": "yes",
      "ProtectControlGroups": "yes", "RestrictNamespaces": "yes", "RestrictRealtime": "yes", "UMask": "0077",
    ]
    for (key, value) in expected {
      #expect(settings[key]?.contains(value) == true, "\(key)=\(value) expected, found \(settings[key] ?? [])")
    }
    #expect(settings["SystemCallFilter"]?.contains("@system-service") == true)
    #expect(settings["LimitNOFILE"] != nil)
  }

  @Test func sysusersCreatesTheUser() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("rp-sysusers-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root.appendingPathComponent("etc"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let file = Self.repository.appendingPathComponent("systemd/reflectprobe.sysusers")
    let result = try Tool.run("systemd-sysusers", ["--root=\(root.path)", file.path])
    #expect(result.status == 0, "systemd-sysusers: \(result.output)")
    let passwd = try String(contentsOf: root.appendingPathComponent("etc/passwd"), encoding: .utf8)
    #expect(passwd.contains("reflectprobe:x:"))
    #expect(passwd.contains(":/var/lib/reflectprobe:/usr/sbin/nologin"))
  }

  /// `MemoryDenyWriteExecute=yes` refuses memory that is writable and executable. The kernel's `PR_SET_MDWE`
  /// applies the same rule to a process and its exec'd children, so the binary runs under it here: a network
  /// command (NIO event loops, gRPC, Foundation) must end as it does without the restriction.
  @Test func binaryRunsWithoutWritableExecutableMemory() throws {
    guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
      Issue.record("\(Self.binary.path) is missing: run `swift build` first")
      return
    }
    let arguments = [Self.binary.path, "health", "-plaintext", "-connect-timeout", "2", "127.0.0.1:1"]
    let plain = try Tool.run(arguments[0], Array(arguments.dropFirst()))
    let script = """
      import ctypes, os, sys
      libc = ctypes.CDLL(None, use_errno=True)
      if libc.prctl(65, 1, 0, 0, 0) != 0:  # PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN
          sys.exit("PR_SET_MDWE failed: errno %d" % ctypes.get_errno())
      os.execv(sys.argv[1], sys.argv[1:])
      """
    let restricted = try Tool.run("python3", ["-c", script] + arguments)
    #expect(restricted.status == plain.status, "under MDWE: \(restricted.output)\nwithout: \(plain.output)")
    // The wording of gRPC's connection error varies from run to run; the cause must not.
    #expect(restricted.output.contains("Connection refused"), "under MDWE: \(restricted.output)")
    #expect(plain.status != 0 && plain.status < 128, "a refused connection should exit with a gRPC status code")
  }

  /// `Key` → values, from every `Key=value` line of the unit.
  static func settings() throws -> [String: [String]] {
    var settings: [String: [String]] = [:]
    for line in try String(contentsOf: unit, encoding: .utf8).split(separator: "\n") {
      guard !line.hasPrefix("#"), !line.hasPrefix("["), let eq = line.firstIndex(of: "=") else { continue }
      settings[String(line[..<eq]), default: []].append(String(line[line.index(after: eq)...]))
    }
    return settings
  }
}

/// Runs a tool found in PATH and returns its exit status and combined output.
enum Tool {
  struct Result {
    var status: Int32
    var output: String
  }

  struct Missing: Error, CustomStringConvertible {
    var name: String
    var description: String { "\(name) not found in PATH: install it (the Makefile's APT_PACKAGES lists it)" }
  }

  static func run(_ name: String, _ arguments: [String]) throws -> Result {
    let path: String
    if name.hasPrefix("/") {
      path = name
    } else {
      let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
      guard
        let found = (directories + ["/usr/bin", "/bin", "/usr/sbin"]).map({ "\($0)/\(name)" })
          .first(where: { FileManager.default.isExecutableFile(atPath: $0) })
      else { throw Missing(name: name) }
      path = found
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
  }
}
