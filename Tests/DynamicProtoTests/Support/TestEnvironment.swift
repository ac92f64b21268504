import Foundation

/// Where the test peers live: the repository root (found from this file's path), the corpus, the Python oracle,
/// the Python interpreter and protoc.
///
/// A missing peer is an error with a message saying how to install it; the differential tests fail on it rather
/// than skipping.
enum TestEnvironment {
  /// The repository root: three levels up from Tests/DynamicProtoTests/Support/.
  static let repoRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static var corpusDirectory: URL {
    repoRoot.appendingPathComponent("Tests/DynamicProtoTests/Fixtures/corpus")
  }

  static var oracleScript: URL { repoRoot.appendingPathComponent("Tests/Scripts/protojson_oracle.py") }

  /// `REFLECTPROBE_PYTHON`, else `<repo>/.venv/bin/python`.
  static func python() throws -> String {
    if let path = ProcessInfo.processInfo.environment["REFLECTPROBE_PYTHON"], !path.isEmpty {
      guard FileManager.default.isExecutableFile(atPath: path) else {
        throw Subprocess.Failure(description: "REFLECTPROBE_PYTHON=\(path) is not an executable file")
      }
      return path
    }
    let venv = repoRoot.appendingPathComponent(".venv/bin/python").path
    guard FileManager.default.isExecutableFile(atPath: venv) else {
      throw Subprocess.Failure(
        description: "no Python at \(venv): run `make venv` (or set REFLECTPROBE_PYTHON to a python with protobuf)")
    }
    return venv
  }

  /// `REFLECTPROBE_PROTOC`, else the first `protoc` on PATH, else /usr/bin/protoc.
  static func protoc() throws -> String {
    let env = ProcessInfo.processInfo.environment
    if let path = env["REFLECTPROBE_PROTOC"], !path.isEmpty { return path }
    let dirs = (env["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
    for dir in dirs {
      let candidate = (dir as NSString).appendingPathComponent("protoc")
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw Subprocess.Failure(description: "protoc not found: install protobuf-compiler (`make deps`)")
  }

  /// The directory holding google/protobuf/*.proto for protoc's include path.
  static func wellKnownIncludeDirectory() throws -> String {
    for dir in ["/usr/include", "/usr/local/include"]
    where FileManager.default.fileExists(atPath: dir + "/google/protobuf/timestamp.proto") {
      return dir
    }
    throw Subprocess.Failure(description: "google/protobuf/*.proto not found: install libprotobuf-dev (`make deps`)")
  }

  /// A fresh temporary directory for one test run.
  static func makeTemporaryDirectory(_ prefix: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }
}
