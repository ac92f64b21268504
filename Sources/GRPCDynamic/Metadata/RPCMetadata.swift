import Foundation
import GRPCCore

/// gRPC metadata (request headers, response headers, trailers) as an ordered list of text entries.
///
/// Keys are lowercased ASCII. Values of binary keys (ending in `-bin`) are carried as standard base64 text, the way
/// grpcurl reads them from `-H` and prints them with `-v`: they are decoded when sent and encoded when received.
/// Order and duplicates are kept.
public struct RPCMetadata: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
  /// One `name: value` entry.
  public struct Entry: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
      self.name = name.lowercased()
      self.value = value
    }

    /// Whether the value is binary (`-bin` key), carried here as base64.
    public var isBinary: Bool { name.hasSuffix("-bin") }
  }

  /// The entries, in order.
  public var entries: [Entry]

  public init(_ entries: [Entry] = []) { self.entries = entries }

  public init(dictionaryLiteral elements: (String, String)...) {
    self.entries = elements.map { Entry(name: $0.0, value: $0.1) }
  }

  /// Parses grpcurl-style header lines (`-H 'name: value'`). Whitespace around the value is trimmed.
  ///
  /// - Throws: ``DynamicClientError`` with code ``DynamicClientError/Code/invalidArgument`` for a line without a
  ///   colon, an empty or non-ASCII name, or a `-bin` value that is not base64.
  public init(parsingHeaderLines lines: [String]) throws(DynamicClientError) {
    var entries: [Entry] = []
    for line in lines {
      guard let colon = line.firstIndex(of: ":") else {
        throw DynamicClientError(.invalidArgument, "header \"\(line)\" is not of the form 'name: value'")
      }
      let name = line[..<colon].trimmingCharacters(in: .whitespaces)
      let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      guard !name.isEmpty, name.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
        throw DynamicClientError(.invalidArgument, "header \"\(line)\" has an invalid name")
      }
      let entry = Entry(name: name, value: value)
      if entry.isBinary && Self.decodeBase64(value) == nil {
        throw DynamicClientError(.invalidArgument, "header \"\(entry.name)\": a -bin value must be base64")
      }
      entries.append(entry)
    }
    self.entries = entries
  }

  public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }
  public var isEmpty: Bool { entries.isEmpty }
  public var count: Int { entries.count }

  /// Every value of a key (case-insensitive), in order.
  public func values(for name: String) -> [String] {
    let key = name.lowercased()
    return entries.filter { $0.name == key }.map(\.value)
  }

  /// The first value of a key, if present.
  public subscript(name: String) -> String? { values(for: name).first }

  public mutating func append(name: String, value: String) { entries.append(Entry(name: name, value: value)) }

  /// Appends every entry of `other`.
  public mutating func append(contentsOf other: RPCMetadata) { entries += other.entries }

  /// A copy without the given keys.
  public func removing(_ names: Set<String>) -> RPCMetadata { RPCMetadata(entries.filter { !names.contains($0.name) }) }

  /// `name: value` lines, as grpcurl prints them.
  public var description: String { entries.map { "\($0.name): \($0.value)" }.joined(separator: "\n") }

  // MARK: grpc-swift conversion

  /// The grpc-swift form: `-bin` values decoded from base64 (an undecodable value is sent as its UTF-8 bytes).
  var grpcMetadata: Metadata {
    var metadata = Metadata()
    for entry in entries {
      if entry.isBinary {
        metadata.addBinary(Self.decodeBase64(entry.value) ?? Array(entry.value.utf8), forKey: entry.name)
      } else {
        metadata.addString(entry.value, forKey: entry.name)
      }
    }
    return metadata
  }

  /// From grpc-swift metadata: binary values become base64.
  init(_ metadata: Metadata) {
    var entries: [Entry] = []
    entries.reserveCapacity(metadata.count)
    for (key, value) in metadata {
      switch value {
      case .string(let text): entries.append(Entry(name: key, value: text))
      case .binary(let bytes): entries.append(Entry(name: key, value: Data(bytes).base64EncodedString()))
      }
    }
    self.entries = entries
  }

  /// Decodes standard or URL-safe base64, padded or not (grpcurl accepts all four).
  static func decodeBase64(_ text: String) -> [UInt8]? {
    var normalized = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while normalized.count % 4 != 0 { normalized += "=" }
    return Data(base64Encoded: normalized).map { Array($0) }
  }
}
