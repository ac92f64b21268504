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

  /// The envelope serialized with every placeholder replaced by its document, in one pass over the text.
  func render(_ envelope: Any) throws -> [UInt8] {
    let data = try JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys, .withoutEscapingSlashes])
    guard !documents.isEmpty else { return Array(data) }
    // As serialized: `"\u0001rp-json-N\u0001"`.
    let pieces = String(decoding: data, as: UTF8.self).components(separatedBy: "\"\\u0001rp-json-")
    var out = pieces[0]
    for piece in pieces.dropFirst() {
      guard let end = piece.range(of: "\\u0001\""), let index = Int(piece[..<end.lowerBound]),
        documents.indices.contains(index)
      else {
        out += "\"\\u0001rp-json-" + piece  // not one of ours: left as it was
        continue
      }
      out += documents[index]
      out += piece[end.upperBound...]
    }
    return Array(out.utf8)
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
