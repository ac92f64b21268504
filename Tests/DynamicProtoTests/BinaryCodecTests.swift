import Foundation
import SwiftProtobuf
import Testing

@testable import DynamicProto

/// The binary codec checked against swift-protobuf's generated code for descriptor.proto (proto2, nested messages,
/// enums, repeated fields) and struct.proto (maps, oneofs, recursion), plus hostile inputs.
@Suite struct BinaryCodecTests {
  let pool = DescriptorPool.builtins

  private func sampleFile() -> Google_Protobuf_FileDescriptorProto {
    var file = Google_Protobuf_FileDescriptorProto()
    file.name = "sample/π.proto"
    file.package = "sample"
    file.syntax = "proto3"
    file.dependency = ["google/protobuf/timestamp.proto"]
    var message = Google_Protobuf_DescriptorProto()
    message.name = "Thing"
    for (i, name) in ["a", "b_c", "d"].enumerated() {
      var field = Google_Protobuf_FieldDescriptorProto()
      field.name = name
      field.number = Int32(i + 1) * 1000
      field.type = i == 0 ? .int64 : .string
      field.label = i == 2 ? .repeated : .optional
      field.options.packed = i == 0
      message.field.append(field)
    }
    message.reservedName = ["x", "y"]
    var range = Google_Protobuf_DescriptorProto.ReservedRange()
    range.start = 5
    range.end = 10
    message.reservedRange = [range]
    file.messageType = [message, message]
    file.messageType[1].name = "Other"
    file.options.javaPackage = "com.example"
    file.options.optimizeFor = .codeSize
    file.options.uninterpretedOption = [Google_Protobuf_UninterpretedOption()]
    file.options.uninterpretedOption[0].negativeIntValue = -5
    file.options.uninterpretedOption[0].doubleValue = -1.5e300
    return file
  }

  @Test func roundTripsDescriptorProtoLikeGeneratedCode() throws {
    let file = sampleFile()
    let bytes: [UInt8] = try file.serializedBytes()
    let descriptor = try #require(pool.message(named: "google.protobuf.FileDescriptorProto"))
    let message = try DynamicMessage(descriptor, binary: bytes)
    #expect(message.unknownFields.isEmpty)
    #expect(message["name"] == .string("sample/π.proto"))
    #expect(message.serializedBytes() == bytes)
    let back = try Google_Protobuf_FileDescriptorProto(serializedBytes: message.serializedBytes())
    #expect(back == file)
  }

  @Test func mapsAndOneofsRoundTrip() throws {
    var value = Google_Protobuf_Value()
    value.structValue.fields = [
      "b": .init(numberValue: 1.5), "a": .init(stringValue: "x"),
      "c": .init(listValue: .init(values: [.init(boolValue: true), .init(nilLiteral: ())])),
    ]
    let bytes: [UInt8] = try value.serializedBytes()
    let descriptor = try #require(pool.message(named: "google.protobuf.Value"))
    let message = try DynamicMessage(descriptor, binary: bytes)
    let back = try Google_Protobuf_Value(serializedBytes: message.serializedBytes())
    #expect(back == value)
  }

  @Test func keepsUnknownFieldsAndWrongWireTypes() throws {
    let descriptor = try #require(pool.message(named: "google.protobuf.Timestamp"))
    // seconds = 7 (field 1 varint), field 9 fixed32 unknown, nanos (field 2) sent as length-delimited: kept unknown.
    let bytes: [UInt8] = [0x08, 0x07, 0x4D, 1, 2, 3, 4, 0x12, 0x01, 0x41]
    let message = try DynamicMessage(descriptor, binary: bytes)
    #expect(message["seconds"] == .int64(7))
    #expect(message["nanos"] == nil)
    #expect(message.unknownFields == [0x4D, 1, 2, 3, 4, 0x12, 0x01, 0x41])
    #expect(message.serializedBytes() == bytes)
  }

  @Test func acceptsPackedAndUnpackedRepeated() throws {
    let descriptor = try #require(pool.message(named: "google.protobuf.SourceCodeInfo.Location"))
    // path (field 1, packed by default? proto2 `[packed = true]`): both encodings must be accepted.
    let unpacked: [UInt8] = [0x08, 0x01, 0x08, 0x96, 0x01]
    let packed: [UInt8] = [0x0A, 0x03, 0x01, 0x96, 0x01]
    let a = try DynamicMessage(descriptor, binary: unpacked)
    let b = try DynamicMessage(descriptor, binary: packed)
    #expect(a["path"] == .list([.int32(1), .int32(150)]))
    #expect(a == b)
  }

  @Test func closedEnumUnknownNumberGoesToUnknownFields() throws {
    let descriptor = try #require(pool.message(named: "google.protobuf.FieldDescriptorProto"))
    let bytes: [UInt8] = [0x20, 0x63]  // label = 99, not a Label value
    let message = try DynamicMessage(descriptor, binary: bytes)
    #expect(message["label"] == nil)
    #expect(message.unknownFields == bytes)
  }

  @Test(arguments: [
    ([0x0A, 0x05, 0x61], "truncated"),
    ([0x0A, 0x80, 0x80, 0x80, 0x80, 0x04], "length prefix 1073741824 exceeds"),
    ([0x0F, 0x00], "invalid wire type 7"),
    ([0x00, 0x01], "invalid field number 0"),
    ([0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], "varint"),
  ] as [([UInt8], String)])
  func rejectsHostileInput(bytes: [UInt8], expected: String) throws {
    let descriptor = try #require(pool.message(named: "google.protobuf.FileDescriptorProto"))
    #expect {
      try DynamicMessage(descriptor, binary: bytes)
    } throws: { error in
      "\(error)".contains(expected)
    }
  }

  @Test func invalidUTF8InProto3IsAnErrorWithThePath() throws {
    let descriptor = try #require(pool.message(named: "google.protobuf.Value"))
    // list_value.values[1].string_value with invalid UTF-8
    let bad: [UInt8] = [0x0A, 0x04, 0x1A, 0x02, 0xC3, 0x28]
    let good: [UInt8] = [0x0A, 0x02, 0x20, 0x01]
    let list: [UInt8] = good + bad
    let message: [UInt8] = [0x32, UInt8(list.count)] + list
    #expect {
      try DynamicMessage(descriptor, binary: message)
    } throws: { error in
      let e = error as? ProtoError
      return e?.path == "$.listValue.values[1].stringValue" && e?.message.contains("invalid UTF-8") == true
    }
  }

  @Test func invalidUTF8InProto2IsKeptAsUnknownBytes() throws {
    let descriptor = try #require(pool.message(named: "google.protobuf.FileDescriptorProto"))
    let bytes: [UInt8] = [0x0A, 0x02, 0xC3, 0x28]
    let message = try DynamicMessage(descriptor, binary: bytes)
    #expect(message["name"] == nil)
    #expect(message.serializedBytes() == bytes)
  }

  @Test func deepNestingIsAnErrorNotACrash() throws {
    let descriptor = try #require(pool.message(named: "google.protobuf.Value"))
    // Value.list_value(6) -> ListValue.values(1) -> Value ... 100,000 levels of start-group-free length prefixes
    // would need huge lengths; use groups of an unknown field instead, and also nested list values up to 150.
    var groups: [UInt8] = []
    for _ in 0..<100_000 { groups.append(0x7B) }  // field 15, start group
    #expect(throws: ProtoError.self) { try DynamicMessage(descriptor, binary: groups) }
    var nested: [UInt8] = []
    for _ in 0..<150 {
      let inner = nested
      var list: [UInt8] = [0x0A] + varint(inner.count) + inner
      list = [0x32] + varint(list.count) + list
      nested = list
    }
    #expect {
      try DynamicMessage(descriptor, binary: nested)
    } throws: { error in
      (error as? ProtoError)?.code == .limitExceeded
    }
  }

  @Test func sizeLimit() throws {
    let descriptor = try #require(pool.message(named: "google.protobuf.Empty"))
    #expect(throws: ProtoError.self) {
      try DynamicMessage(descriptor, binary: [UInt8](repeating: 0, count: 100), options: .init(maxMessageBytes: 10))
    }
  }

  private func varint(_ n: Int) -> [UInt8] {
    var w = WireWriter()
    w.writeVarint(UInt64(n))
    return w.bytes
  }
}
