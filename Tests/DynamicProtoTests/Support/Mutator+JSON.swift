/// Text-level mutations for fuzzing the JSON decoder.
extension Mutator {
  /// Fragments that sit on JSON and ProtoJSON parsing boundaries.
  static let jsonFragments: [String] = [
    "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "\\udc00", "\\u0000", "null", "true", "false", "-",
    "0", "-0", "1e", "1e999", "-1e-999", ".5", "01", "1.", "18446744073709551616", "-9223372036854775809",
    "2147483648", "4294967295", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "NaN", "\"1e2\"", "\"0x10\"", "\" 1\"",
    "\"@type\"", "\"type.googleapis.com/corpus.any.Payload\"", "\"type.googleapis.com/google.protobuf.Value\"",
    "\"9999-12-31T23:59:60Z\"", "\"1970-01-01T00:00:00.1234567890Z\"", "\"-315576000001s\"", "\"1.5s\"",
    "\"[corpus.ext.ext_int32]\"", "\"fSelf\"", "\"f_self\"", "\u{00E9}", "\u{1F600}", "\u{0}", "\t", "\n", "/*",
    "\"\\uD83D\\uDE00\"", "\"AAEC-_8=\"", "\"====\"", "\"a==b\"",
  ]

  /// One to three text-level mutations of a JSON document; `other` is a second document for splicing.
  mutating func mutateJSON(_ input: [UInt8], other: [UInt8]) -> [UInt8] {
    var bytes = input
    for _ in 0..<(1 + rng.below(3)) {
      mutateJSONOnce(&bytes, other: other)
    }
    if bytes.count > maxLength { bytes.removeLast(bytes.count - maxLength) }
    return bytes
  }

  private mutating func mutateJSONOnce(_ bytes: inout [UInt8], other: [UInt8]) {
    let pos = bytes.isEmpty ? 0 : rng.below(bytes.count)
    switch rng.below(11) {
    case 0 where !bytes.isEmpty:  // delete a character or a short run
      bytes.removeSubrange(pos..<min(bytes.count, pos + 1 + (rng.oneIn(3) ? rng.below(6) : 0)))
    case 1:  // insert a boundary fragment
      bytes.insert(contentsOf: Array(rng.pick(Mutator.jsonFragments).utf8), at: pos)
    case 2:  // replace the token at pos with a fragment
      let (start, end) = tokenRange(bytes, around: pos)
      bytes.replaceSubrange(start..<end, with: Array(rng.pick(Mutator.jsonFragments).utf8))
    case 3:  // swap two tokens
      let a = tokenRange(bytes, around: pos)
      let b = tokenRange(bytes, around: bytes.isEmpty ? 0 : rng.below(bytes.count))
      guard a.1 <= b.0 || b.1 <= a.0 else { return }
      let (first, second) = a.0 < b.0 ? (a, b) : (b, a)
      let firstText = Array(bytes[first.0..<first.1])
      let secondText = Array(bytes[second.0..<second.1])
      bytes.replaceSubrange(second.0..<second.1, with: firstText)
      bytes.replaceSubrange(first.0..<first.1, with: secondText)
    case 4:  // wrap in nesting: shallow usually, sometimes past every depth limit
      let depth = rng.oneIn(20) ? 2000 + rng.below(3000) : 1 + rng.below(120)
      let (open, close) = rng.oneIn(2) ? ("[", "]") : ("{\"fSelf\":", "}")
      bytes = Array(String(repeating: open, count: depth).utf8) + bytes
        + Array(String(repeating: close, count: depth).utf8)
    case 5:  // splice with another document
      let cut = other.isEmpty ? 0 : rng.below(other.count)
      bytes = Array(bytes[..<pos]) + other[cut...]
    case 6:  // truncate
      bytes.removeLast(bytes.count - pos)
    case 7 where !bytes.isEmpty:  // duplicate a run (duplicate keys, repeated members)
      let end = min(bytes.count, pos + 1 + rng.below(24))
      bytes.insert(contentsOf: bytes[pos..<end], at: rng.below(bytes.count))
    case 8 where !bytes.isEmpty:  // flip a bit (invalid UTF-8, odd characters)
      bytes[pos] ^= 1 << UInt8(rng.below(8))
    case 9:  // replace a token with an empty container or a string
      let (start, end) = tokenRange(bytes, around: pos)
      bytes.replaceSubrange(start..<end, with: Array(rng.pick(["{}", "[]", "\"\"", "\"x\"", "[{}]", "{\"\":{}}"]).utf8))
    default:  // change a digit
      if !bytes.isEmpty, (0x30...0x39).contains(bytes[pos]) { bytes[pos] = 0x30 + UInt8(rng.below(10)) }
    }
  }

  /// The bounds of the token around `pos`: a string literal, a bare word or number, or one structural character.
  private func tokenRange(_ bytes: [UInt8], around pos: Int) -> (Int, Int) {
    guard pos < bytes.count else { return (bytes.count, bytes.count) }
    let structural: Set<UInt8> = Set("{}[],:".utf8)
    if structural.contains(bytes[pos]) { return (pos, pos + 1) }
    if bytes[pos] == UInt8(ascii: "\"") {
      var end = pos + 1
      while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1 }
      return (pos, min(bytes.count, end + 1))
    }
    var start = pos
    var end = pos
    let stop = structural.union(Set(" \n\t\r\"".utf8))
    while start > 0, !stop.contains(bytes[start - 1]) { start -= 1 }
    while end < bytes.count, !stop.contains(bytes[end]) { end += 1 }
    return (start, end)
  }
}
