/// Base64 for `bytes` fields: the standard and the URL-safe alphabets (mixed freely), padded or not.
enum Base64Decoder {
  /// Decodes base64 text; nil if it holds a character outside both alphabets, `=` anywhere but at the end, or a
  /// length that no encoding produces (one character left over).
  static func decode(_ p: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    var n = p.count
    while n > 0 && p[n - 1] == UInt8(ascii: "=") { n -= 1 }
    if n % 4 == 1 { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(n / 4 * 3 + 2)
    var acc: UInt32 = 0
    var bits = 0
    for i in 0..<n {
      guard let v = sextet(p[i]) else { return nil }
      acc = acc << 6 | UInt32(v)
      bits += 6
      if bits >= 8 {
        bits -= 8
        out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
        acc &= (1 << UInt32(bits)) - 1
      }
    }
    return out
  }

  @inline(__always) private static func sextet(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"): c - UInt8(ascii: "A")
    case UInt8(ascii: "a")...UInt8(ascii: "z"): c - UInt8(ascii: "a") + 26
    case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0") + 52
    case UInt8(ascii: "+"), UInt8(ascii: "-"): 62
    case UInt8(ascii: "/"), UInt8(ascii: "_"): 63
    default: nil
    }
  }
}
