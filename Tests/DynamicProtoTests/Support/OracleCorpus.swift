import Foundation

@testable import DynamicProto

/// One line of the oracle's cases file (see Tests/Scripts/protojson_oracle.py).
struct OracleCase: Decodable, Sendable {
  /// A JSON text Python's Parse accepts, with the name of the spelling it exercises.
  struct Input: Decodable, Sendable {
    var label: String
    var text: String
  }
  /// "message", "badJSON", "badBinary" or "encodeError".
  var kind: String
  var id: String
  /// The message's full name.
  var type: String
  /// Base64 of the binary encoding (canonical from SerializeToString unless `canonical` is false).
  var binary: String?
  var canonical: Bool?
  /// Python's MessageToJson output per mode: default, emitDefaults, protoNames, emitDefaultsProtoNames.
  var json: [String: String]?
  var inputs: [Input]?
  /// The rejected JSON text of a badJSON case.
  var text: String?
  var pythonError: String?

  var binaryBytes: [UInt8] { binary.flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) } ?? [] }
}

/// A difference the oracle's `verify` found between our binary and Python's message.
struct OracleMismatch: Decodable, Sendable, CustomStringConvertible {
  var id: String
  var type: String?
  var check: String
  var path: String
  var detail: String
  var input: String?
  /// Our binary, base64.
  var ours: String?

  var description: String {
    var text = "\(id) [\(type ?? "?")] \(check) at \(path): \(detail)"
    if let input { text += "\n    input: \(input.count > 400 ? String(input.prefix(400)) + "..." : input)" }
    if let ours { text += "\n    ours (base64): \(ours.count > 400 ? String(ours.prefix(400)) + "..." : ours)" }
    return text
  }
}

/// The differential corpus: the .proto files compiled by protoc, the cases the Python oracle generated for them,
/// and our descriptor pool over the same descriptor set. Built once per test process and shared.
final class OracleCorpus: Sendable {
  let directory: URL
  let descriptorSet: URL
  let casesFile: URL
  let pool: DescriptorPool
  let cases: [OracleCase]
  let protoCount: Int

  /// Built on first use; a failure (missing python, protoc or protobuf) is kept and reported by every test.
  static let shared: Result<OracleCorpus, Subprocess.Failure> = {
    do {
      return .success(try OracleCorpus())
    } catch let failure as Subprocess.Failure {
      return .failure(failure)
    } catch {
      return .failure(Subprocess.Failure(description: "\(error)"))
    }
  }()

  /// The per-process work directory, removed at exit.
  static let workDirectory: URL = FileManager.default.temporaryDirectory
    .appendingPathComponent("reflectprobe-differential-\(ProcessInfo.processInfo.processIdentifier)")

  private init() throws {
    let fm = FileManager.default
    directory = OracleCorpus.workDirectory
    OracleCorpus.removeStaleWorkDirectories()
    try? fm.removeItem(at: directory)
    try fm.createDirectory(at: directory, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: OracleCorpus.workDirectory) }

    let protos = try fm.contentsOfDirectory(atPath: TestEnvironment.corpusDirectory.path)
      .filter { $0.hasSuffix(".proto") }.sorted()
    protoCount = protos.count
    descriptorSet = directory.appendingPathComponent("corpus.pb")
    let protoc = try Subprocess.run(
      try TestEnvironment.protoc(),
      ["-I", TestEnvironment.corpusDirectory.path, "-I", try TestEnvironment.wellKnownIncludeDirectory(),
       "--include_imports", "--descriptor_set_out=\(descriptorSet.path)"] + protos)
    guard protoc.succeeded else { throw Subprocess.Failure(description: "protoc failed:\n\(protoc.stderr)") }

    casesFile = directory.appendingPathComponent("cases.jsonl")
    let generate = try Subprocess.run(
      try TestEnvironment.python(),
      [TestEnvironment.oracleScript.path, "generate", "--descriptor-set", descriptorSet.path,
       "--out", casesFile.path])
    guard generate.succeeded else {
      throw Subprocess.Failure(description: "oracle generate failed (status \(generate.status)):\n\(generate.stderr)")
    }

    let data = try Data(contentsOf: casesFile)
    let decoder = JSONDecoder()
    var cases: [OracleCase] = []
    for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
      cases.append(try decoder.decode(OracleCase.self, from: Data(line)))
    }
    self.cases = cases
    pool = try DescriptorPool(fileDescriptorSet: try Data(contentsOf: descriptorSet))
  }

  /// Removes work directories left by earlier test processes that are gone (the atexit hook does not run when
  /// the test runner ends the process abruptly).
  private static func removeStaleWorkDirectories() {
    let fm = FileManager.default
    let tmp = fm.temporaryDirectory
    let prefix = "reflectprobe-differential-"
    for name in (try? fm.contentsOfDirectory(atPath: tmp.path)) ?? [] where name.hasPrefix(prefix) {
      guard let pid = Int32(name.dropFirst(prefix.count)) else { continue }
      if kill(pid, 0) != 0 && errno == ESRCH { try? fm.removeItem(at: tmp.appendingPathComponent(name)) }
    }
  }

  /// Cases of one kind.
  func cases(_ kind: String) -> [OracleCase] { cases.filter { $0.kind == kind } }

  /// Our descriptor for a case's type.
  func descriptor(_ c: OracleCase) throws -> MessageDescriptor {
    guard let d = pool.message(named: c.type) else {
      throw Subprocess.Failure(description: "\(c.id): our pool has no message \(c.type)")
    }
    return d
  }

  /// Runs the oracle's `verify` on our outputs; returns the mismatches and the number of checks it made.
  func verify(_ results: [[String: Any]], name: String) throws -> (mismatches: [OracleMismatch], checked: Int) {
    let resultsFile = directory.appendingPathComponent("\(name).jsonl")
    var text = Data()
    for result in results {
      text.append(try JSONSerialization.data(withJSONObject: result))
      text.append(UInt8(ascii: "\n"))
    }
    try text.write(to: resultsFile)
    let run = try Subprocess.run(
      try TestEnvironment.python(),
      [TestEnvironment.oracleScript.path, "verify", "--descriptor-set", descriptorSet.path,
       "--cases", casesFile.path, "--results", resultsFile.path])
    guard run.succeeded else {
      throw Subprocess.Failure(description: "oracle verify failed (status \(run.status)):\n\(run.stderr)")
    }
    var mismatches: [OracleMismatch] = []
    var checked = -1
    for line in run.stdout.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
      let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
      if let summary = object?["summary"] as? [String: Any] {
        checked = summary["checked"] as? Int ?? -1
      } else {
        mismatches.append(try JSONDecoder().decode(OracleMismatch.self, from: Data(line)))
      }
    }
    guard checked >= 0 else { throw Subprocess.Failure(description: "oracle verify printed no summary") }
    return (mismatches, checked)
  }
}
