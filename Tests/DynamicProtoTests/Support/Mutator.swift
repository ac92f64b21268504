/// Mutations for fuzzing decoders: byte-level edits for the binary format and token-level edits for JSON.
///
/// Every mutation keeps the input small (at most `maxLength` bytes), so a run's cost stays bounded.
struct Mutator {
  var rng: SplitMix64
  var maxLength = 4096

  init(seed: UInt64) { rng = SplitMix64(seed: seed) }

  /// Bytes that often sit on parsing boundaries.
  static let interestingBytes: [UInt8] = [0x00, 0x01, 0x02, 0x07, 0x08, 0x0A, 0x0F, 0x10, 0x12, 0x1A, 0x7F, 0x80,
                                          0xFF, 0xFE, 0xC0, 0xE0, 0xF0, 0x22, 0x5C]
  /// Varints that blow up a length prefix or a tag.
  static let hugeVarints: [[UInt8]] = [[0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0xFF, 0xFF, 0xFF, 0xFF, 0x07],
                                       [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
                                       [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], [0x80]]

  /// One to three byte-level mutations of `input`; `other` is a second valid input for splicing.
  mutating func mutateBinary(_ input: [UInt8], other: [UInt8]) -> [UInt8] {
    var bytes = input
    for _ in 0..<(1 + rng.below(3)) {
      mutateOnce(&bytes, other: other)
    }
    if bytes.count > maxLength { bytes.removeLast(bytes.count - maxLength) }
    return bytes
  }

  private mutating func mutateOnce(_ bytes: inout [UInt8], other: [UInt8]) {
    let pos = bytes.isEmpty ? 0 : rng.below(bytes.count)
    switch rng.below(10) {
    case 0 where !bytes.isEmpty:  // bit flips
      for _ in 0..<(1 + rng.below(4)) { bytes[rng.below(bytes.count)] ^= 1 << UInt8(rng.below(8)) }
    case 1:  // truncate
      bytes.removeLast(bytes.count - pos)
    case 2:  // insert random or interesting bytes
      let n = 1 + rng.below(4)
      let fresh = (0..<n).map { _ in rng.oneIn(2) ? rng.byte() : rng.pick(Mutator.interestingBytes) }
      bytes.insert(contentsOf: fresh, at: pos)
    case 3 where !bytes.isEmpty:  // delete a range
      bytes.removeSubrange(pos..<min(bytes.count, pos + 1 + rng.below(8)))
    case 4 where !bytes.isEmpty:  // overwrite with an interesting byte
      bytes[pos] = rng.pick(Mutator.interestingBytes)
    case 5:  // blow up a varint (length prefix, tag or value)
      let huge = rng.pick(Mutator.hugeVarints)
      if !bytes.isEmpty, rng.oneIn(2) { bytes.remove(at: pos) }
      bytes.insert(contentsOf: huge, at: min(pos, bytes.count))
    case 6:  // splice with another input
      let cut = other.isEmpty ? 0 : rng.below(other.count)
      bytes = Array(bytes[..<pos]) + other[cut...]
    case 7 where !bytes.isEmpty:  // duplicate a chunk
      let end = min(bytes.count, pos + 1 + rng.below(16))
      bytes.insert(contentsOf: bytes[pos..<end], at: rng.below(bytes.count))
    case 8:  // insert a random tag (any field number, any wire type)
      let number = UInt64(rng.pick([1, 2, 3, 15, 16, 17, 100, 536_870_911, rng.below(1 << 20)]))
      var tag = number << 3 | UInt64(rng.below(8))
      var encoded: [UInt8] = []
      while tag >= 0x80 { encoded.append(UInt8(tag & 0x7F) | 0x80); tag >>= 7 }
      encoded.append(UInt8(tag))
      bytes.insert(contentsOf: encoded, at: pos)
    default:  // increment or decrement a byte (shifts lengths and varints by one)
      if !bytes.isEmpty { bytes[pos] = rng.oneIn(2) ? bytes[pos] &+ 1 : bytes[pos] &- 1 }
    }
  }
}
