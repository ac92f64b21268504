import Foundation
import Testing

@testable import DynamicProto

/// The codec against Python protobuf (json_format, upb backend) on the corpus in Fixtures/corpus: the oracle
/// (Tests/Scripts/protojson_oracle.py) generates cases, our outputs go back to it for comparison. Needs protoc and
/// `<repo>/.venv` (`make venv`) or `REFLECTPROBE_PYTHON`; a missing peer fails the tests, it never skips them.
@Suite(.serialized) struct DifferentialTests {
  /// At most this many mismatches are recorded as issues per test; the rest are counted.
  static let maxReported = 150

  static func corpus() throws -> OracleCorpus {
    switch OracleCorpus.shared {
    case .success(let corpus): return corpus
    case .failure(let failure): throw failure
    }
  }

  @Test func corpusMeetsTheSizeFloor() throws {
    let corpus = try Self.corpus()
    let messages = corpus.cases("message")
    #expect(corpus.protoCount >= 12, "corpus has \(corpus.protoCount) .proto files")
    #expect(messages.count >= 300, "oracle generated \(messages.count) message cases")
    #expect(messages.contains { $0.canonical == false }, "no hand-made binary encodings")
    #expect(!corpus.cases("badJSON").isEmpty && !corpus.cases("badBinary").isEmpty)
    let inputs = messages.reduce(0) { $0 + ($1.inputs?.count ?? 0) }
    print(
      "differential corpus: \(corpus.protoCount) protos, \(messages.count) message cases, \(inputs) JSON inputs,",
      "\(corpus.cases("badJSON").count) bad JSON, \(corpus.cases("badBinary").count) bad binary,",
      "\(corpus.cases("encodeError").count) JSON-unencodable")
  }

  /// Our binary decode then encode gives bytes Python parses to the same message as the case's binary (unknown
  /// fields included).
  @Test func binaryRoundTripMatchesPython() throws {
    let corpus = try Self.corpus()
    var results: [[String: Any]] = []
    var failures = Failures()
    for c in corpus.cases("message") {
      do {
        let message = try DynamicMessage(try corpus.descriptor(c), binary: c.binaryBytes)
        results.append(["id": c.id, "roundtrip": true, "ours": Data(message.serializedBytes()).base64EncodedString()])
      } catch {
        failures.record("\(c.id) [\(c.type)]: our binary decoder rejects bytes Python accepts: \(error)")
      }
    }
    let (mismatches, checked) = try corpus.verify(results, name: "roundtrip")
    for m in mismatches { failures.record(m.description) }
    failures.finish("binary round trip", checks: checked)
  }

  /// Encodings Python's ParseFromString rejects, we reject too.
  @Test func rejectsWhatPythonRejectsInBinary() throws {
    let corpus = try Self.corpus()
    var failures = Failures()
    let bad = corpus.cases("badBinary")
    for c in bad {
      let descriptor = try corpus.descriptor(c)
      if let message = try? DynamicMessage(descriptor, binary: c.binaryBytes) {
        failures.record(
          "\(c.id) [\(c.type)]: we accept \(c.binary ?? "") (Python: \(c.pythonError ?? "")); decoded to"
            + " \(message.setFields.map(\.field.name))")
      }
    }
    failures.finish("invalid binary", checks: bad.count)
  }
}

/// Checks of the harness itself: the JSON value diff must see the differences the suite relies on.
@Suite struct DifferentialHarnessTests {
  func diff(_ a: String, _ b: String) throws -> (JSONDiff.Difference?, Int) {
    var d = JSONDiff()
    let result = d.compare(try TestJSON.parse(a), try TestJSON.parse(b))
    return (result, d.float32Matches)
  }

  @Test func numbersCompareByValueButKeepTheSignOfZero() throws {
    #expect(try diff("[1.0, 1e2, 0.5]", "[1, 100, 5e-1]").0 == nil)
    #expect(try diff("{\"a\": -0.0}", "{\"a\": 0}").0?.path == "$.a")
    #expect(try diff("{\"a\": -0.0}", "{\"a\": -0}").0 == nil)
    #expect(try diff("[0.1]", "[0.10000000149011612]").1 == 1)
    #expect(try diff("[0.1]", "[0.2]").0?.path == "$[0]")
  }

  @Test func objectsAreUnorderedAndPathsNameTheMember() throws {
    #expect(try diff("{\"a\": 1, \"b\": [true]}", "{\"b\": [true], \"a\": 1}").0 == nil)
    #expect(try diff("{\"a\": {\"b c\": [1, 2]}}", "{\"a\": {\"b c\": [1, 3]}}").0?.path == "$.a[\"b c\"][1]")
    #expect(try diff("{\"a\": 1}", "{\"a\": 1, \"z\": null}").0?.path == "$.z")
    #expect(try diff("{\"a\": \"1\"}", "{\"a\": 1}").0?.path == "$.a")
    #expect(try diff("[\"\\ud83d\\ude00\"]", "[\"\u{1F600}\"]").0 == nil)
  }

  @Test func strictParser() {
    for bad in ["{\"a\": 1, \"a\": 2}", "[1,]", "01", "\"\\ud800\"", "{} x", "NaN"] {
      #expect(throws: TestJSON.ParseError.self) { try TestJSON.parse(bad) }
    }
  }
}

/// Collects mismatches: records the first ``DifferentialTests/maxReported`` as issues, counts the rest, and
/// prints a summary line.
struct Failures {
  private(set) var count = 0

  mutating func record(_ text: String) {
    count += 1
    if count <= DifferentialTests.maxReported { Issue.record("\(text)") }
  }

  func finish(_ what: String, checks: Int) {
    print("differential \(what): \(checks) checks, \(count) mismatches")
    if count > DifferentialTests.maxReported {
      Issue.record("\(count - DifferentialTests.maxReported) more \(what) mismatches not shown")
    }
  }
}
