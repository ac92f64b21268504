/// A bounds-checked cursor over protobuf wire bytes.
///
/// Every read checks the remaining length first, so a truncated input or a hostile length prefix (say 1 GB) is an
/// error at once, before anything is allocated.
struct WireReader {
  let bytes: UnsafeRawBufferPointer
  var pos: Int
  var end: Int

  init(_ bytes: UnsafeRawBufferPointer) {
    self.bytes = bytes
    self.pos = 0
    self.end = bytes.count
  }

  var isAtEnd: Bool { pos >= end }

  @inline(__always) mutating func readVarint() throws(ProtoError) -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard pos < end else { throw WireReader.truncated("varint") }
      let byte = bytes[pos]
      pos += 1
      if shift == 63 && byte > 1 { throw ProtoError(.invalidBinary, "varint is longer than 10 bytes or overflows 64 bits") }
      result |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return result }
      shift += 7
      if shift > 63 { throw ProtoError(.invalidBinary, "varint is longer than 10 bytes") }
    }
  }

  @inline(__always) mutating func readFixed32() throws(ProtoError) -> UInt32 {
    guard end - pos >= 4 else { throw WireReader.truncated("fixed32") }
    let v = bytes.loadUnaligned(fromByteOffset: pos, as: UInt32.self)
    pos += 4
    return UInt32(littleEndian: v)
  }

  @inline(__always) mutating func readFixed64() throws(ProtoError) -> UInt64 {
    guard end - pos >= 8 else { throw WireReader.truncated("fixed64") }
    let v = bytes.loadUnaligned(fromByteOffset: pos, as: UInt64.self)
    pos += 8
    return UInt64(littleEndian: v)
  }

  /// Reads a length prefix and checks it against the bytes left; returns the end offset of the payload.
  @inline(__always) mutating func readLengthEnd() throws(ProtoError) -> Int {
    let length = try readVarint()
    guard length <= UInt64(end - pos) else {
      throw ProtoError(
        .invalidBinary,
        "length prefix \(length) exceeds the \(end - pos) bytes left (truncated or corrupt input)")
    }
    return pos + Int(length)
  }

  /// Skips one value of the given wire type (groups recursively, up to `depth`).
  mutating func skip(wireType: UInt8, fieldNumber: UInt64, depth: Int) throws(ProtoError) {
    switch wireType {
    case 0: _ = try readVarint()
    case 1:
      guard end - pos >= 8 else { throw WireReader.truncated("fixed64") }
      pos += 8
    case 2: pos = try readLengthEnd()
    case 5:
      guard end - pos >= 4 else { throw WireReader.truncated("fixed32") }
      pos += 4
    case 3:
      guard depth > 0 else { throw ProtoError(.limitExceeded, "groups nested deeper than the depth limit") }
      while true {
        guard pos < end else { throw WireReader.truncated("group \(fieldNumber)") }
        let tag = try readVarint()
        let wt = UInt8(tag & 7)
        if wt == 4 {
          guard tag >> 3 == fieldNumber else {
            throw ProtoError(.invalidBinary, "end-group tag \(tag >> 3) does not match start-group \(fieldNumber)")
          }
          return
        }
        try WireReader.checkTag(tag)
        try skip(wireType: wt, fieldNumber: tag >> 3, depth: depth - 1)
      }
    case 4: throw ProtoError(.invalidBinary, "unexpected end-group tag for field \(fieldNumber)")
    default: throw ProtoError(.invalidBinary, "invalid wire type \(wireType) for field \(fieldNumber)")
    }
  }

  static func checkTag(_ tag: UInt64) throws(ProtoError) {
    let number = tag >> 3
    guard number >= 1 && number <= 536_870_911 else {
      throw ProtoError(.invalidBinary, "invalid field number \(number) in tag")
    }
    let wt = tag & 7
    guard wt <= 5 else { throw ProtoError(.invalidBinary, "invalid wire type \(wt) for field \(number)") }
  }

  static func truncated(_ what: String) -> ProtoError {
    ProtoError(.invalidBinary, "input ends in the middle of a \(what) (truncated message)")
  }
}
