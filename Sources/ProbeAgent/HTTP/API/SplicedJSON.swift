import Foundation
import Hummingbird

/// A JSON answer whose envelope is built from `JSONSerialization` values (keys sorted, so answers are stable) and
/// whose embedded documents — gRPC responses, status details — are spliced in exactly as the codec wrote them:
/// fields in `.proto` order, numbers and strings as `reflectprobe call` prints them, no parse and re-encode.
///
/// The envelope holds a placeholder string for each document (control characters in it, which no user text the
/// envelope carries can contain), replaced after serialization.
struct SplicedJSON {
  private var documents: [String] = []

  /// A placeholder for `document`, which must be one JSON value (the codec's output is).
  mutating func slot(_ document: String) -> String {
    defer { documents.append(document) }
    return "\u{1}rp-json-\(documents.count)\u{1}"
  }

  /// The envelope serialized with every placeholder replaced by its document.
  func render(_ envelope: Any) throws -> [UInt8] {
    let data = try JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys, .withoutEscapingSlashes])
    guard !documents.isEmpty else { return Array(data) }
    var text = String(decoding: data, as: UTF8.self)
    for (index, document) in documents.enumerated() {
      text = text.replacingOccurrences(of: "\"\\u0001rp-json-\(index)\\u0001\"", with: document)
    }
    return Array(text.utf8)
  }
}

extension Response {
  /// A JSON answer from an envelope with spliced documents (see ``SplicedJSON``).
  static func json(_ envelope: Any, spliced: SplicedJSON, status: HTTPResponse.Status = .ok) throws -> Response {
    Response(
      status: status, headers: [.contentType: "application/json; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: try spliced.render(envelope) + [UInt8(ascii: "\n")])))
  }
}
