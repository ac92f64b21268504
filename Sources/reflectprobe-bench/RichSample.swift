import Foundation
import SwiftProtobuf

/// The benchmark's input: one `bench.Rich` filled through generated code, with every field kind, WKTs, maps and
/// five nested levels. The same bytes and JSON feed every codec under test.
enum RichSample {
  static func make() throws -> Bench_Rich {
    var scalars = Bench_Scalars()
    scalars.fDouble = 3.141592653589793
    scalars.fFloat = 2.5
    scalars.fInt32 = -123456
    scalars.fInt64 = -9_007_199_254_740_993
    scalars.fUint32 = 4_000_000_000
    scalars.fUint64 = 18_000_000_000_000_000_000
    scalars.fSint32 = -77
    scalars.fSint64 = -1_234_567_890_123
    scalars.fFixed32 = 123_456_789
    scalars.fFixed64 = 987_654_321_012
    scalars.fSfixed32 = -42
    scalars.fSfixed64 = -4242
    scalars.fBool = true
    scalars.fString = "héllo wörld — \"quoted\"\n"
    scalars.fBytes = Data((0..<48).map { UInt8($0 * 5 & 0xFF) })
    scalars.fStatus = .active
    scalars.fOptional = 0

    var level5 = Bench_Level5()
    level5.leaf = "leaf"
    level5.weights = [0.5, 1.25, -3.75, 1e-9]
    level5.at = Google_Protobuf_Timestamp(seconds: 1_700_000_000, nanos: 123_000_000)
    var level4 = Bench_Level4()
    level4.counters = ["a": 1, "b": 2, "c": 3]
    level4.next = level5
    var level3 = Bench_Level3()
    level3.label = "three"
    level3.ids = [1, 2, 3, 9_007_199_254_740_993]
    level3.next = level4
    var geo = Bench_Geo()
    geo.lat = 52.52
    geo.lng = 13.405
    geo.detail = level3
    var address = Bench_Address()
    address.street = "1 Infinite Loop"
    address.city = "Cupertino"
    address.postalCode = "95014"
    address.lines = ["Building 1", "Floor 2"]
    address.geo = geo

    var rich = Bench_Rich()
    rich.scalars = scalars
    rich.many = (0..<5).map { i in
      var s = scalars
      s.fInt32 = Int32(i)
      s.fString = "item \(i)"
      return s
    }
    rich.packedInts = Array(0..<32).map { Int32($0 * 1000 - 7000) }
    rich.tags = ["alpha", "beta", "gamma", "delta"]
    rich.statuses = [.active, .suspended, .unspecified]
    rich.addresses = ["home": address, "work": address]
    rich.namesByID = [1: "one", -2: "minus two", 9_007_199_254_740_993: "big"]
    rich.flags = [true: Data([1, 2, 3]), false: Data()]
    rich.choiceAddress = address
    rich.createdAt = Google_Protobuf_Timestamp(seconds: 1_600_000_000, nanos: 5)
    rich.ttl = Google_Protobuf_Duration(seconds: 3600, nanos: 500_000_000)
    rich.attributes = Google_Protobuf_Struct(fields: [
      "name": Google_Protobuf_Value(stringValue: "rich"),
      "count": Google_Protobuf_Value(numberValue: 42),
      "nested": Google_Protobuf_Value(structValue: Google_Protobuf_Struct(fields: [
        "list": Google_Protobuf_Value(listValue: Google_Protobuf_ListValue(values: [
          Google_Protobuf_Value(boolValue: true), Google_Protobuf_Value(nilLiteral: ()),
        ]))
      ])),
    ])
    rich.extra = Google_Protobuf_Value(numberValue: 1.5)
    rich.bigWrapper = Google_Protobuf_Int64Value(9_007_199_254_740_993)
    rich.note = Google_Protobuf_StringValue("note")
    rich.enabled = Google_Protobuf_BoolValue(true)
    rich.mask = Google_Protobuf_FieldMask(protoPaths: ["scalars.f_int32", "home.street"])
    rich.payload = try Google_Protobuf_Any(message: address)
    rich.home = address
    return rich
  }
}
