import Foundation
import SwiftProtobuf
import Testing

@testable import DynamicProto

/// Building pools: dependency order, name resolution, built-ins, and the errors for broken descriptor sets.
@Suite struct DescriptorPoolTests {
  private func file(
    _ name: String, package: String, deps: [String] = [], messages: [Google_Protobuf_DescriptorProto] = []
  ) -> Google_Protobuf_FileDescriptorProto {
    var f = Google_Protobuf_FileDescriptorProto()
    f.name = name
    f.package = package
    f.syntax = "proto3"
    f.dependency = deps
    f.messageType = messages
    return f
  }

  private func message(_ name: String, fields: [(String, Int32, String)] = []) -> Google_Protobuf_DescriptorProto {
    var m = Google_Protobuf_DescriptorProto()
    m.name = name
    for (fieldName, number, typeName) in fields {
      var f = Google_Protobuf_FieldDescriptorProto()
      f.name = fieldName
      f.number = number
      f.label = .optional
      if typeName == "string" {
        f.type = .string
      } else {
        f.type = .message
        f.typeName = typeName
      }
      m.field.append(f)
    }
    return m
  }

  @Test func resolvesRelativeNamesAcrossFilesInAnyOrder() throws {
    let a = file("a.proto", package: "x.y", messages: [message("A", fields: [("b", 1, "z.B"), ("c", 2, ".x.y.A")])])
    let b = file("z.proto", package: "x.z", messages: [message("B", fields: [("name", 1, "string")])])
    var a2 = a
    a2.dependency = ["z.proto"]
    let pool = try DescriptorPool(files: [a2, b])
    let field = try #require(pool.message(named: "x.y.A")?.field(named: "b"))
    #expect(field.messageType?.fullName == "x.z.B")
    #expect(pool.message(named: ".x.y.A")?.field(named: "c")?.messageType?.fullName == "x.y.A")
    #expect(pool.files.map(\.name).firstIndex(of: "z.proto")! < pool.files.map(\.name).firstIndex(of: "a.proto")!)
  }

  @Test func derivesJSONNamesWhenMissing() throws {
    let pool = try DescriptorPool(files: [
      file("a.proto", package: "p", messages: [message("M", fields: [("user_id", 1, "string"), ("a__b_c", 2, "string")])])
    ])
    let m = try #require(pool.message(named: "p.M"))
    #expect(m.field(named: "user_id")?.jsonName == "userId")
    #expect(m.field(jsonName: "aBC")?.name == "a__b_c")
  }

  @Test func builtinsAreAvailableWithoutBeingSupplied() throws {
    let f = file(
      "t.proto", package: "p", deps: ["google/protobuf/timestamp.proto"],
      messages: [message("T", fields: [("at", 1, ".google.protobuf.Timestamp")])])
    let pool = try DescriptorPool(files: [f])
    #expect(pool.message(named: "p.T")?.field(named: "at")?.messageType?.isWellKnownType == true)
    #expect(pool.message(named: "google.rpc.BadRequest.FieldViolation") != nil)
  }

  @Test func missingDependencyNamesTheFiles() {
    let f = file("a.proto", package: "p", deps: ["missing/dep.proto"])
    #expect {
      try DescriptorPool(files: [f])
    } throws: { error in
      let e = error as? ProtoError
      return e?.code == .missingDependency
        && e?.message == "file \"a.proto\" imports \"missing/dep.proto\", which is not in the descriptor set"
    }
  }

  @Test func duplicateSymbolNamesBothFiles() {
    let a = file("a.proto", package: "p", messages: [message("M")])
    let b = file("b.proto", package: "p", messages: [message("M")])
    #expect {
      try DescriptorPool(files: [a, b])
    } throws: { error in
      let e = error as? ProtoError
      return e?.code == .duplicateSymbol && e?.message == "\"p.M\" in file \"b.proto\" is already defined in file \"a.proto\""
    }
  }

  @Test func unresolvableTypeNamesFieldAndFile() {
    let a = file("a.proto", package: "p", messages: [message("M", fields: [("x", 1, "Nope")])])
    #expect {
      try DescriptorPool(files: [a])
    } throws: { error in
      let e = error as? ProtoError
      return e?.code == .unresolvedType && e?.message == "field p.M.x in \"a.proto\" has type \"Nope\", which is not defined"
    }
  }

  @Test func importCycleIsAnError() {
    let a = file("a.proto", package: "p", deps: ["b.proto"])
    let b = file("b.proto", package: "p", deps: ["a.proto"])
    #expect(throws: ProtoError.self) { try DescriptorPool(files: [a, b]) }
  }

  @Test func symbolLookupCoversEveryKind() throws {
    let pool = DescriptorPool.builtins
    if case .message(let m)? = pool.symbol(named: "google.protobuf.Duration") { #expect(m.name == "Duration") } else {
      Issue.record("Duration not found")
    }
    if case .field(let f)? = pool.symbol(named: "google.protobuf.Duration.nanos") { #expect(f.number == 2) } else {
      Issue.record("Duration.nanos not found")
    }
    if case .enumValue(let v)? = pool.symbol(named: "google.protobuf.NULL_VALUE") { #expect(v.number == 0) } else {
      Issue.record("NULL_VALUE not found")
    }
    if case .package? = pool.symbol(named: "google.protobuf") {} else { Issue.record("package not found") }
    #expect(pool.symbol(named: "google.protobuf.Nope") == nil)
  }

  @Test func loadsAProtosetWrittenByProtoc() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pooltest-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let proto = dir.appendingPathComponent("svc.proto")
    try """
      syntax = "proto3";
      package demo.v1;
      import "google/protobuf/empty.proto";
      service Pinger { rpc Ping(google.protobuf.Empty) returns (Pong); rpc Watch(Pong) returns (stream Pong); }
      message Pong { string text = 1; map<string, Pong> children = 2; }
      """.write(to: proto, atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("svc.protoset")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/protoc")
    process.arguments = ["-I", dir.path, "-I", "/usr/include", "--include_imports", "--descriptor_set_out=\(out.path)", "svc.proto"]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let pool = try DescriptorPool(protosetPath: out.path)
    #expect(pool.serviceNames == ["demo.v1.Pinger"])
    let service = try #require(pool.service(named: "demo.v1.Pinger"))
    #expect(service.methods.map(\.streamingKind) == ["unary", "server_streaming"])
    #expect(service.methods[0].inputType.fullName == "google.protobuf.Empty")
    #expect(pool.message(named: "demo.v1.Pong")?.field(named: "children")?.isMap == true)
  }
}
