import Foundation

/// Splits the `-d` data into request messages: one JSON object, or several concatenated (`{...} {...}`) for client
/// and bidi streams, as grpcurl reads them. `@` reads the data from stdin.
enum RequestReader {
  static func messages(from data: String?) throws -> [String] {
    guard let data else { return [] }
    let text = data == "@" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : data
    return try split(text)
  }

  /// Top-level JSON values of `text`, each as its own string; whitespace between them is skipped.
  static func split(_ text: String) throws -> [String] {
    let bytes = Array(text.utf8)
    var values: [String] = []
    var i = 0
    while i < bytes.count {
      while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
      guard i < bytes.count else { break }
      let start = i
      var depth = 0
      var inString = false
      repeat {
        let c = bytes[i]
        if inString {
          if c == UInt8(ascii: "\\") { i += 1 } else if c == UInt8(ascii: "\"") { inString = false }
        } else if c == UInt8(ascii: "\"") {
          inString = true
        } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
          depth += 1
        } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
          depth -= 1
        } else if depth == 0 && [0x20, 0x09, 0x0A, 0x0D].contains(c) {
          break
        }
        i += 1
      } while i < bytes.count && (depth > 0 || inString || ![0x7B, 0x5B].contains(bytes[start]))
      guard depth == 0, !inString else {
        throw CommandFailure(.failure, "request data ends inside a JSON value (message \(values.count + 1))")
      }
      values.append(String(decoding: bytes[start..<min(i, bytes.count)], as: UTF8.self))
    }
    return values
  }
}
