/// The hash of a schema snapshot: FNV-1a 64 over the canonical JSON's UTF-8 — not cryptographic (nothing here is
/// adversarial: it only tells equal schemas apart cheaply), with no dependency.
enum SchemaHash {
  /// 16 lowercase hex digits.
  static func fnv1a64(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
