import Foundation
import GRPCDynamic

/// Reads the `-d` data: one JSON object, or several concatenated (`{...} {...}`) for client and bidi streams, as
/// grpcurl reads them. `@` reads the data from stdin. Splitting is the client library's `JSONMessageStream`.
enum RequestReader {
  static func messages(from data: String?) throws -> [String] {
    guard let data else { return [] }
    let text = data == "@" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : data
    do {
      return try JSONMessageStream.split(text)
    } catch {
      throw CommandFailure(.failure, "invalid request data (-d): \(error.message)")
    }
  }
}
