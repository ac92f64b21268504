/// A minimal protobuf wire-format reader used to print option values: it walks tag/value pairs without knowing the
/// schema, leaving interpretation to the caller. Every read is bounds-checked; malformed input ends the walk.
struct WireScanner {
  private let bytes: [UInt8]
  private var position: Int
  private let end: Int

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    self.position = 0
    self.end = bytes.count
  }

  private init(bytes: [UInt8], range: Range<Int>) {
    self.bytes = bytes
    self.position = range.lowerBound
    self.end = range.upperBound
  }

  /// One field occurrence on the wire.
  enum Value {
    case varint(UInt64)
    case fixed32(UInt32)
    case fixed64(UInt64)
    case lengthDelimited([UInt8])
    case group([UInt8])
  }

  var isAtEnd: Bool { position >= end }

  /// The next field, or nil at the end or on malformed input.
  mutating func next() -> (number: Int32, value: Value)? {
    guard !isAtEnd, let tag = readVarint(), tag >> 3 > 0, tag >> 3 <= 536_870_911 else { return nil }
    let number = Int32(tag >> 3)
    switch tag & 7 {
    case 0:
      guard let v = readVarint() else { return nil }
      return (number, .varint(v))
    case 1:
      guard let v = readFixed(8) else { return nil }
      return (number, .fixed64(v))
    case 5:
      guard let v = readFixed(4) else { return nil }
      return (number, .fixed32(UInt32(truncatingIfNeeded: v)))
    case 2:
      guard let length = readVarint(), length <= UInt64(end - position) else { return nil }
      let start = position
      position += Int(length)
      return (number, .lengthDelimited(Array(bytes[start..<position])))
    case 3:
      guard let body = readGroupBody(number: number) else { return nil }
      return (number, .group(body))
    default:
      return nil
    }
  }

  /// Reads varints until the end (the payload of a packed repeated varint field).
  mutating func readAllVarints() -> [UInt64] {
    var result: [UInt64] = []
    while !isAtEnd, let v = readVarint() { result.append(v) }
    return result
  }

  /// Reads little-endian fixed-width values until the end (a packed fixed32/fixed64 payload).
  mutating func readAllFixed(_ width: Int) -> [UInt64] {
    var result: [UInt64] = []
    while !isAtEnd, let v = readFixed(width) { result.append(v) }
    return result
  }

  private mutating func readVarint() -> UInt64? {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while position < end, shift < 64 {
      let byte = bytes[position]
      position += 1
      result |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return result }
      shift += 7
    }
    return nil
  }

  private mutating func readFixed(_ width: Int) -> UInt64? {
    guard end - position >= width else { return nil }
    var result: UInt64 = 0
    for i in 0..<width { result |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
    position += width
    return result
  }

  /// Skips to the matching end-group tag and returns the bytes in between.
  private mutating func readGroupBody(number: Int32) -> [UInt8]? {
    let start = position
    var inner = WireScanner(bytes: bytes, range: position..<end)
    // Each iteration consumes at least one byte, so the walk is bounded by the input length.
    while !inner.isAtEnd {
      let before = inner.position
      guard let tag = inner.readVarint() else { return nil }
      if tag & 7 == 4 {
        guard Int32(truncatingIfNeeded: tag >> 3) == number else { return nil }
        position = inner.position
        return Array(bytes[start..<before])
      }
      inner.position = before
      guard inner.next() != nil else { return nil }
    }
    return nil
  }
}
