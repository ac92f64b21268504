import DynamicProto
import Foundation
import SwiftProtobuf

/// JSON→binary and binary→JSON on `bench.Rich`: the dynamic codec vs swift-protobuf generated code vs Python
/// protobuf's `json_format` (upb), all on the same bytes.
struct CodecBench {
  let protoset: String
  let python: String?
  let timing: Timing

  func run() throws -> [ReportRow] {
    Google_Protobuf_Any.register(messageType: Bench_Address.self)
    let rich = try RichSample.make()
    let binary: [UInt8] = try rich.serializedBytes()
    let json: [UInt8] = try rich.jsonUTF8Bytes()
    let pool = try DescriptorPool(protosetPath: protoset)
    guard let descriptor = pool.message(named: "bench.Rich") else { throw BenchError("bench.Rich not in \(protoset)") }

    // Sanity: both codecs produce the same JSON value and binary the other side reads back identically.
    let dynamicFromJSON = try DynamicMessage(descriptor, jsonUTF8: json)
    let viaDynamic = try Bench_Rich(serializedBytes: dynamicFromJSON.serializedBytes())
    guard try Self.sameJSON(viaDynamic.jsonUTF8Bytes(), json) else {
      throw BenchError("dynamic JSON→binary differs from generated code")
    }
    let dynamicJSON = try DynamicMessage(descriptor, binary: binary).jsonUTF8()
    guard try Self.sameJSON(dynamicJSON, json) else {
      throw BenchError("dynamic binary→JSON differs from generated code")
    }

    let genJ2B = try timing.nanosPerCall {
      let m = try Bench_Rich(jsonUTF8Bytes: json)
      let out: [UInt8] = try m.serializedBytes()
      precondition(!out.isEmpty)
    }
    let dynJ2B = try timing.nanosPerCall {
      let m = try DynamicMessage(descriptor, jsonUTF8: json)
      precondition(!m.serializedBytes().isEmpty)
    }
    let genB2J = try timing.nanosPerCall {
      let m = try Bench_Rich(serializedBytes: binary)
      let out: [UInt8] = try m.jsonUTF8Bytes()
      precondition(!out.isEmpty)
    }
    let dynB2J = try timing.nanosPerCall {
      let m = try DynamicMessage(descriptor, binary: binary)
      let out = try m.jsonUTF8()
      precondition(!out.isEmpty)
    }
    let py = try pythonTimes(json: json)

    func row(_ name: String, _ dyn: Double, _ gen: Double, _ py: Double?) -> [ReportRow] {
      var rows = [
        ReportRow(
          name: "\(name): dynamic vs generated", value: Self.perCall(dyn), reference: Self.perCall(gen),
          ratio: String(format: "%.2fx time", dyn / gen), goal: "≤ 2.00x " + (dyn / gen <= 2 ? "✓" : "✗"))
      ]
      if let py {
        rows.append(
          ReportRow(
            name: "\(name): dynamic vs Python json_format", value: Self.perCall(dyn), reference: Self.perCall(py),
            ratio: String(format: "%.1fx faster", py / dyn), goal: "≥ 3x " + (py / dyn >= 3 ? "✓" : "✗")))
      }
      return rows
    }
    print("message: bench.Rich, \(binary.count) bytes binary, \(json.count) bytes JSON")
    return row("JSON→binary", dynJ2B, genJ2B, py?.jsonToBinary) + row("binary→JSON", dynB2J, genB2J, py?.binaryToJSON)
  }

  static func sameJSON(_ a: [UInt8], _ b: [UInt8]) throws -> Bool {
    let x = try JSONSerialization.jsonObject(with: Data(a)) as? NSDictionary
    let y = try JSONSerialization.jsonObject(with: Data(b)) as? NSDictionary
    return x != nil && x == y
  }

  static func perCall(_ ns: Double) -> String {
    String(format: "%.1f µs/op (%.0f op/s)", ns / 1000, 1e9 / ns)
  }

  private func pythonTimes(json: [UInt8]) throws -> (jsonToBinary: Double, binaryToJSON: Double)? {
    guard let python else {
      print("note: REFLECTPROBE_PYTHON not set; Python reference skipped")
      return nil
    }
    let jsonFile = FileManager.default.temporaryDirectory.appendingPathComponent("rich-\(getpid()).json")
    try Data(json).write(to: jsonFile)
    defer { try? FileManager.default.removeItem(at: jsonFile) }
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../Tests/Scripts/bench_codec.py").standardized.path
    let output = try Subprocess.run(python, [script, protoset, "bench.Rich", jsonFile.path, String(timing.minSeconds)])
    let fields = output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    guard fields.count == 2 else { throw BenchError("unexpected output from bench_codec.py: \(output)") }
    return (fields[0], fields[1])
  }
}

struct BenchError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// Runs a program to completion and returns its standard output.
enum Subprocess {
  static func run(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw BenchError("\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
    }
    return String(decoding: data, as: UTF8.self)
  }
}
