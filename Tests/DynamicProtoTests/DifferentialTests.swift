import Foundation
import Testing

@testable import DynamicProto

/// The codec against Python protobuf (json_format, upb backend) on the corpus in Fixtures/corpus: the oracle
/// (Tests/Scripts/protojson_oracle.py) generates cases, our outputs go back to it for comparison. Checks: binary→JSON
/// equals Python's output as a JSON value in four modes; JSON→binary of every spelling Python accepts parses in
/// Python to the message Python's Parse makes; binary round trips; invalid inputs are rejected. Every mismatch names
/// the case, the type and the field path. Needs protoc and `<repo>/.venv` (`make venv`) or `REFLECTPROBE_PYTHON`;
/// a missing peer fails the tests, it never skips them.
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
      "\(corpus.cases("encodeError").count) JSON-unencodable, \(corpus.cases("lenientJSON").count) ignore-unknown")
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

/// The JSON half of the differential suite (Python's MessageToJson and Parse as the reference).
extension DifferentialTests {
  /// The four output modes the oracle records, by name.
  static let jsonModes: [(String, JSONEncodingOptions)] = [
    ("default", JSONEncodingOptions()), ("emitDefaults", JSONEncodingOptions(emitDefaults: true)),
    ("protoNames", JSONEncodingOptions(useProtoNames: true)),
    ("emitDefaultsProtoNames", JSONEncodingOptions(emitDefaults: true, useProtoNames: true)),
  ]

  /// Our binary→JSON equals Python's MessageToJson output as a JSON value, in every mode.
  @Test func binaryToJSONMatchesPython() throws {
    let corpus = try Self.corpus()
    var failures = Failures()
    var checks = 0
    var float32Matches = 0
    for c in corpus.cases("message") {
      let message: DynamicMessage
      do {
        message = try DynamicMessage(try corpus.descriptor(c), binary: c.binaryBytes)
      } catch {
        failures.record("\(c.id) [\(c.type)]: our binary decoder rejects bytes Python accepts: \(error)")
        continue
      }
      for (mode, options) in Self.jsonModes {
        guard let pythonText = c.json?[mode] else { continue }
        checks += 1
        let expected = try TestJSON.parse(pythonText)
        let ours: [UInt8]
        do {
          ours = try message.jsonUTF8(options: options)
        } catch {
          failures.record("\(c.id) [\(c.type)] \(mode): we fail to encode what Python encodes: \(error)")
          continue
        }
        let actual: TestJSON
        do {
          actual = try TestJSON.parse(ours)
        } catch {
          let text = String(decoding: ours, as: UTF8.self)
          failures.record("\(c.id) [\(c.type)] \(mode): our output is not JSON (\(error)): \(text)")
          continue
        }
        var diff = JSONDiff()
        if let d = diff.compare(expected, actual) {
          failures.record(
            "\(c.id) [\(c.type)] \(mode) at \(d.path): \(d.message)\n    python: \(JSONDiff.short(expected))"
              + "\n    ours:   \(JSONDiff.short(actual))")
        }
        float32Matches += diff.float32Matches
      }
    }
    if float32Matches > 0 { print("differential binary→JSON: \(float32Matches) numbers equal only as float32") }
    failures.finish("binary→JSON", checks: checks)
  }

  /// Our JSON→binary of every input Python accepts parses in Python to the message Python's Parse makes.
  @Test func jsonToBinaryMatchesPython() throws {
    let corpus = try Self.corpus()
    var failures = Failures()
    var results: [[String: Any]] = []
    for c in corpus.cases("message") {
      let descriptor = try corpus.descriptor(c)
      for (i, input) in (c.inputs ?? []).enumerated() {
        do {
          let message = try DynamicMessage(descriptor, jsonUTF8: Array(input.text.utf8))
          results.append(["id": c.id, "input": i, "ours": Data(message.serializedBytes()).base64EncodedString()])
        } catch {
          failures.record(
            "\(c.id) [\(c.type)] json:\(input.label): we reject what Python accepts: \(error)"
              + "\n    input: \(input.text)")
        }
      }
    }
    let (mismatches, checked) = try corpus.verify(results, name: "json-to-binary")
    for m in mismatches { failures.record(m.description) }
    failures.finish("JSON→binary", checks: checked + failures.count)
  }

  /// With `ignoreUnknownFields`, unknown names (and unknown enum names) are skipped as Python's
  /// `ignore_unknown_fields=True` skips them; without it the same texts are rejected.
  @Test func ignoresUnknownFieldsLikePython() throws {
    let corpus = try Self.corpus()
    var failures = Failures()
    var results: [[String: Any]] = []
    let cases = corpus.cases("lenientJSON")
    for c in cases {
      let descriptor = try corpus.descriptor(c)
      let text = Array((c.text ?? "").utf8)
      do {
        let lenient = JSONDecodingOptions(ignoreUnknownFields: true)
        let message = try DynamicMessage(descriptor, jsonUTF8: text, options: lenient)
        results.append(["id": c.id, "ours": Data(message.serializedBytes()).base64EncodedString()])
      } catch {
        failures.record("\(c.id) [\(c.type)]: we reject with ignoreUnknownFields: \(error)\n    input: \(c.text ?? "")")
      }
      if (try? DynamicMessage(descriptor, jsonUTF8: text)) != nil {
        failures.record("\(c.id) [\(c.type)]: we accept unknown names without ignoreUnknownFields: \(c.text ?? "")")
      }
    }
    let (mismatches, checked) = try corpus.verify(results, name: "lenient")
    for m in mismatches { failures.record(m.description) }
    failures.finish("ignore-unknown-fields", checks: checked + cases.count)
  }

  /// JSON texts Python's Parse rejects (and the ProtoJSON spec forbids), we reject too.
  @Test func rejectsWhatPythonRejectsInJSON() throws {
    let corpus = try Self.corpus()
    var failures = Failures()
    let bad = corpus.cases("badJSON")
    for c in bad {
      let text = c.text ?? ""
      if let message = try? DynamicMessage(try corpus.descriptor(c), jsonUTF8: Array(text.utf8)) {
        let ours = (try? message.jsonString()) ?? "?"
        failures.record(
          "\(c.id) [\(c.type)]: we accept \(text.prefix(300)) → \(ours.prefix(300))"
            + "\n    python: \(c.pythonError ?? "")")
      }
    }
    failures.finish("invalid JSON", checks: bad.count)
  }

  /// Messages Python cannot print as JSON (out-of-range Timestamp, NaN in a Value, ...), we refuse to print.
  @Test func refusesToEncodeWhatPythonRefuses() throws {
    let corpus = try Self.corpus()
    var failures = Failures()
    let cases = corpus.cases("encodeError")
    for c in cases {
      let message: DynamicMessage
      do {
        message = try DynamicMessage(try corpus.descriptor(c), binary: c.binaryBytes)
      } catch {
        failures.record("\(c.id) [\(c.type)]: our binary decoder rejects bytes Python accepts: \(error)")
        continue
      }
      do {
        let ours = try message.jsonString()
        failures.record("\(c.id) [\(c.type)]: we print \(ours.prefix(300))\n    python: \(c.pythonError ?? "")")
      } catch {
        if !(error is ProtoError) { failures.record("\(c.id): error is not a ProtoError: \(error)") }
      }
    }
    failures.finish("JSON-unencodable", checks: cases.count)
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
