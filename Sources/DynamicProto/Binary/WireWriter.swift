/// An append-only buffer of protobuf wire bytes.
struct WireWriter {
  var bytes: [UInt8] = []

  init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

  @inline(__always) mutating func writeVarint(_ value: UInt64) {
    var v = value
    while v >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(truncatingIfNeeded: v))
  }

  @inline(__always) mutating func writeTag(_ number: Int32, _ wireType: WireType) {
    writeVarint(UInt64(UInt32(bitPattern: number)) << 3 | UInt64(wireType.rawValue))
  }

  @inline(__always) mutating func writeFixed32(_ value: UInt32) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  @inline(__always) mutating func writeFixed64(_ value: UInt64) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  @inline(__always) static func varintSize(_ value: UInt64) -> Int {
    if value < 0x80 { return 1 }
    return (64 - value.leadingZeroBitCount + 6) / 7
  }

  /// Starts a length-delimited value whose length is not known yet; returns a mark for ``endLengthDelimited(_:)``.
  @inline(__always) mutating func beginLengthDelimited() -> Int {
    bytes.append(0)
    return bytes.count
  }

  /// Writes the length of the value begun at `mark`, moving its bytes when the length needs more than one byte.
  @inline(__always) mutating func endLengthDelimited(_ mark: Int) {
    let length = bytes.count - mark
    if length < 0x80 {
      bytes[mark - 1] = UInt8(length)
      return
    }
    let size = WireWriter.varintSize(UInt64(length))
    bytes.insert(contentsOf: repeatElement(0, count: size - 1), at: mark)
    var v = UInt64(length)
    var i = mark - 1
    while v >= 0x80 {
      bytes[i] = UInt8(truncatingIfNeeded: v) | 0x80
      v >>= 7
      i += 1
    }
    bytes[i] = UInt8(truncatingIfNeeded: v)
  }
}
