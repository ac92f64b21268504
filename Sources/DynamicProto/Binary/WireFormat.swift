/// Protobuf wire types.
enum WireType: UInt8 {
  case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5

  /// The wire type a (non-packed) value of this field type uses.
  init(for type: FieldType, delimited: Bool = false) {
    switch type {
    case .int32, .int64, .uint32, .uint64, .sint32, .sint64, .bool, .enum: self = .varint
    case .fixed64, .sfixed64, .double: self = .fixed64
    case .fixed32, .sfixed32, .float: self = .fixed32
    case .string, .bytes: self = .lengthDelimited
    case .message: self = delimited ? .startGroup : .lengthDelimited
    case .group: self = .startGroup
    }
  }
}

enum ZigZag {
  @inline(__always) static func encode32(_ v: Int32) -> UInt32 { UInt32(bitPattern: (v << 1) ^ (v >> 31)) }
  @inline(__always) static func encode64(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }
  @inline(__always) static func decode32(_ v: UInt32) -> Int32 { Int32(bitPattern: (v >> 1) ^ (0 &- (v & 1))) }
  @inline(__always) static func decode64(_ v: UInt64) -> Int64 { Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1))) }
}
