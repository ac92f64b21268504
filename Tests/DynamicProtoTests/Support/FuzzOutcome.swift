import Foundation
import Testing

@testable import DynamicProto

/// Tallies one fuzz run: how many inputs decoded, how many threw, and any broken property (kept short).
struct FuzzOutcome {
  var name: String
  var decoded = 0
  var rejected = 0
  var problems = 0
  var codes: [String: Int] = [:]

  init(name: String) { self.name = name }

  /// Decodes `input`; on success re-encodes and decodes again, which must succeed.
  mutating func check(_ type: MessageDescriptor, _ input: [UInt8], iteration: Int) {
    let message: DynamicMessage
    do {
      message = try DynamicMessage(type, binary: input)
    } catch {
      rejected += 1
      codes[error.code.description, default: 0] += 1
      if error.code != .invalidBinary && error.code != .limitExceeded {
        problem("#\(iteration) \(type.fullName): unexpected error code \(error.code): \(error)", input)
      }
      return
    }
    decoded += 1
    let again = message.serializedBytes()
    do {
      _ = try DynamicMessage(type, binary: again)
    } catch {
      problem("#\(iteration) \(type.fullName): our own re-encoding does not decode: \(error)", input)
    }
  }

  mutating func problem(_ text: String, _ input: [UInt8]) {
    problems += 1
    if problems <= 20 {
      Issue.record("\(name) \(text)\n    input (base64): \(Data(input).base64EncodedString())")
    }
  }

  func finish(elapsed: Duration) {
    let total = decoded + rejected
    let byCode = codes.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
    print("fuzz \(name): \(total) inputs, \(decoded) decoded, \(rejected) rejected (\(byCode)), in \(elapsed)")
    #expect(problems == 0, "\(problems) broken properties")
  }
}

extension FuzzOutcome {
  /// Decodes JSON `input`; on success the message must encode to binary and JSON that we decode again.
  mutating func checkJSON(_ type: MessageDescriptor, _ input: [UInt8], iteration: Int) {
    let message: DynamicMessage
    do {
      message = try DynamicMessage(type, jsonUTF8: input)
    } catch let error as ProtoError {
      rejected += 1
      codes[error.code.description, default: 0] += 1
      if error.code != .invalidJSON && error.code != .limitExceeded {
        problem("#\(iteration) \(type.fullName): unexpected error code \(error.code): \(error)", input)
      }
      return
    } catch {
      problem("#\(iteration) \(type.fullName): error is not a ProtoError: \(error)", input)
      return
    }
    decoded += 1
    do {
      _ = try DynamicMessage(type, binary: message.serializedBytes())
    } catch {
      problem("#\(iteration) \(type.fullName): our binary of a JSON-decoded message does not decode: \(error)", input)
    }
    do {
      let text = try message.jsonUTF8()
      do {
        _ = try DynamicMessage(type, jsonUTF8: text)
      } catch {
        problem(
          "#\(iteration) \(type.fullName): our JSON output does not decode: \(error)\n    output: "
            + String(decoding: text.prefix(400), as: UTF8.self), input)
      }
    } catch {
      problem("#\(iteration) \(type.fullName): a JSON-decoded message does not encode to JSON: \(error)", input)
    }
  }
}
