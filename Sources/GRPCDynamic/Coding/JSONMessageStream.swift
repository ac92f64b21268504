/// Splits text holding several JSON values one after another (`{"a": 1} {"a": 2}`, one per line or not) into
/// the individual values — grpcurl's `-d @` input for streaming calls.
///
/// Only the structure is scanned (strings, escapes, nesting); each value is parsed later by the codec, which
/// reports errors with field paths. Cost: one pass over the text.
public enum JSONMessageStream {
  /// The top-level JSON values of `text`, in order, each as its own text.
  ///
  /// - Throws: ``DynamicClientError`` `.invalidRequest` for an unterminated string, unbalanced brackets, or text
  ///   between values that is not whitespace.
  public static func split(_ text: String) throws(DynamicClientError) -> [String] {
    let bytes = Array(text.utf8)
    var values: [String] = []
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
        index += 1
        continue
      }
      let end = try endOfValue(bytes, from: index, number: values.count + 1)
      values.append(String(decoding: bytes[index..<end], as: UTF8.self))
      index = end
    }
    return values
  }

  /// The index just past the value starting at `start`.
  private static func endOfValue(_ bytes: [UInt8], from start: Int, number: Int) throws(DynamicClientError) -> Int {
    var depth = 0
    var index = start
    var inString = false
    while index < bytes.count {
      let byte = bytes[index]
      if inString {
        if byte == UInt8(ascii: "\\") {
          index += 2
          continue
        }
        if byte == UInt8(ascii: "\"") {
          inString = false
          if depth == 0 { return index + 1 }
        }
        index += 1
        continue
      }
      switch byte {
      case UInt8(ascii: "\""):
        inString = true
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        depth += 1
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        depth -= 1
        if depth < 0 { throw invalid(number, "unbalanced \"\(Character(UnicodeScalar(byte)))\"") }
        if depth == 0 { return index + 1 }
      case 0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","):
        if depth == 0 { return index }
      default:
        break
      }
      index += 1
    }
    if inString { throw invalid(number, "unterminated string") }
    if depth > 0 { throw invalid(number, "unexpected end of input (missing \"}\" or \"]\")") }
    return index
  }

  private static func invalid(_ number: Int, _ problem: String) -> DynamicClientError {
    DynamicClientError(.invalidRequest, "request message \(number): \(problem)", path: "$")
  }
}
