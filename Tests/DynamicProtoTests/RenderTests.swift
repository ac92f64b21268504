import Foundation
import SwiftProtobuf
import Testing

@testable import DynamicProto

/// Compiles the fixtures under `Fixtures/render/` with the system protoc (required: a missing protoc fails).
private enum Protoc {
  static let path = ProcessInfo.processInfo.environment["PROTOC"] ?? "/usr/bin/protoc"
  static let fixtures = ["users.proto", "legacy.proto", "wkt.proto", "options.proto"]

  static var fixturesDirectory: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/render").path
  }

  /// Runs protoc with stdin and stdout connected to files; returns stdout, requiring a zero exit status.
  static func run(_ arguments: [String], stdin: Data? = nil) throws -> Data {
    try #require(FileManager.default.isExecutableFile(atPath: path), "protoc not found at \(path)")
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("render-\(UUID().uuidString)")
    let (input, output, errors) = (base.appendingPathExtension("in"), base.appendingPathExtension("out"),
      base.appendingPathExtension("err"))
    defer { for url in [input, output, errors] { try? FileManager.default.removeItem(at: url) } }
    try (stdin ?? Data()).write(to: input)
    try Data().write(to: output)
    try Data().write(to: errors)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let handles = (try FileHandle(forReadingFrom: input), try FileHandle(forWritingTo: output),
      try FileHandle(forWritingTo: errors))
    defer { for handle in [handles.0, handles.1, handles.2] { try? handle.close() } }
    (process.standardInput, process.standardOutput, process.standardError) = handles
    try process.run()
    process.waitUntilExit()
    let messages = String(decoding: try Data(contentsOf: errors), as: UTF8.self)
    try #require(process.terminationStatus == 0, "protoc \(arguments.joined(separator: " ")) failed: \(messages)")
    return try Data(contentsOf: output)
  }

  /// Compiles `files` and returns the `--include_imports` descriptor set.
  static func compile(_ files: [String], includes: [String]) throws -> Google_Protobuf_FileDescriptorSet {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("render-\(UUID().uuidString).pb")
    defer { try? FileManager.default.removeItem(at: out) }
    _ = try run(includes.map { "-I\($0)" } + ["--include_imports", "--descriptor_set_out=\(out.path)"] + files)
    return try Google_Protobuf_FileDescriptorSet(serializedBytes: Data(contentsOf: out))
  }

  /// protoc's own text format of a file descriptor, with the fixtures' custom options decoded (and so merged):
  /// a comparison independent of how option records happen to be split on the wire.
  static func canonicalText(_ file: Google_Protobuf_FileDescriptorProto) throws -> String {
    var set = Google_Protobuf_FileDescriptorSet()
    set.file = [file]
    let arguments = ["-I\(fixturesDirectory)", "-I/usr/include", "--decode=google.protobuf.FileDescriptorSet"]
    return String(decoding: try run(arguments + fixtures, stdin: try set.serializedBytes()), as: UTF8.self)
  }

  static func fixturePool() throws -> DescriptorPool {
    try DescriptorPool(files: compile(fixtures, includes: [fixturesDirectory, "/usr/include"]).file)
  }
}

/// Descriptor comparison with source info dropped and default JSON names cleared.
private func normalized(_ file: Google_Protobuf_FileDescriptorProto) -> Google_Protobuf_FileDescriptorProto {
  func fix(_ field: inout Google_Protobuf_FieldDescriptorProto) {
    if field.jsonName == JSONName.from(fieldName: field.name) { field.clearJsonName() }
  }
  func fix(_ message: inout Google_Protobuf_DescriptorProto) {
    for i in message.field.indices { fix(&message.field[i]) }
    for i in message.`extension`.indices { fix(&message.`extension`[i]) }
    for i in message.nestedType.indices { fix(&message.nestedType[i]) }
  }
  var copy = file
  copy.clearSourceCodeInfo()
  for i in copy.messageType.indices { fix(&copy.messageType[i]) }
  for i in copy.`extension`.indices { fix(&copy.`extension`[i]) }
  return copy
}

/// The first differing line of two texts, for a readable failure.
private func firstDifference(_ a: String, _ b: String) -> String {
  let left = a.split(separator: "\n", omittingEmptySubsequences: false)
  let right = b.split(separator: "\n", omittingEmptySubsequences: false)
  for i in 0..<max(left.count, right.count) {
    let l = i < left.count ? String(left[i]) : "<end>"
    let r = i < right.count ? String(right[i]) : "<end>"
    if l != r { return "line \(i + 1): original `\(l)` vs rendered `\(r)`" }
  }
  return "no textual difference"
}

@Suite struct ProtoRendererTests {
  @Test func renderedFilesRecompileToTheSameDescriptors() throws {
    let original = try Protoc.compile(Protoc.fixtures, includes: [Protoc.fixturesDirectory, "/usr/include"])
    #expect(original.file.count >= 12)
    try expectRoundTrip(original.file, pool: try DescriptorPool(files: original.file), roots: Protoc.fixtures)
  }

  /// The built-in files too (descriptor.proto, api/type.proto, google/rpc/*), rendered from the pool alone.
  @Test func builtinFilesRoundTrip() throws {
    let files = DescriptorPool.builtins.files
    #expect(files.contains { $0.name == "google/rpc/error_details.proto" })
    try expectRoundTrip(files.map(\.proto), pool: .builtins, roots: files.map(\.name))
  }

  /// Renders every file of `pool`, compiles `roots` from the rendered text alone and compares each of `files`.
  private func expectRoundTrip(
    _ files: [Google_Protobuf_FileDescriptorProto], pool: DescriptorPool, roots: [String]
  ) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("render-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    for descriptor in pool.files {
      let url = directory.appendingPathComponent(descriptor.name)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try ProtoRenderer().render(file: descriptor).write(to: url, atomically: true, encoding: .utf8)
    }
    let recompiled = try Protoc.compile(roots, includes: [directory.path])
    for file in files {
      let again = try #require(recompiled.file.first { $0.name == file.name }, "\(file.name) missing after recompiling")
      let (a, b) = (normalized(file), normalized(again))
      if a == b { continue }
      // Equal bytes are not required for options: protoc writes `(opt).a = 1, (opt).b = 2` as two records.
      let (textA, textB) = (try Protoc.canonicalText(a), try Protoc.canonicalText(b))
      #expect(textA == textB, "\(file.name): \(firstDifference(textA, textB))")
    }
  }

  @Test func describesAServiceLikeGrpcurl() throws {
    let pool = try Protoc.fixturePool()
    let service = try #require(pool.service(named: "api.users.UserService"))
    #expect(
      ProtoRenderer().render(service: service) == """
        service UserService {
          rpc GetUser ( .api.users.GetUserRequest ) returns ( .api.users.User );
          rpc ListUsers ( .api.users.ListUsersRequest ) returns ( .api.users.ListUsersResponse ) {
            option idempotency_level = NO_SIDE_EFFECTS;
          }
          rpc StreamUsers ( .api.users.ListUsersRequest ) returns ( stream .api.users.User );
          rpc UploadUsers ( stream .api.users.User ) returns ( .api.users.ListUsersResponse );
          rpc Chat ( stream .api.users.UserEvent ) returns ( stream .api.users.UserEvent ) {
            option deprecated = true;
          }
        }

        """)
    let method = try #require(service.method(named: "StreamUsers"))
    #expect(
      ProtoRenderer().render(method: method)
        == "rpc StreamUsers ( .api.users.ListUsersRequest ) returns ( stream .api.users.User );\n")
  }

  @Test func describesAProto3Message() throws {
    let pool = try Protoc.fixturePool()
    let message = try #require(pool.message(named: "api.users.User"))
    #expect(
      ProtoRenderer().render(message: message) == """
        message User {
          string id = 1;
          string display_name = 2 [json_name = "name"];
          optional string email = 3;
          .api.users.Role role = 4;
          repeated .api.users.User.Address addresses = 5;
          message Address {
            string street = 1;
            string city = 2;
            .api.users.User.Address.Kind kind = 3;
            enum Kind {
              KIND_UNSPECIFIED = 0;
              HOME = 1;
              WORK = 2;
            }
          }
          map<string, string> labels = 6;
          map<int32, .api.users.User.Address> address_by_priority = 7;
          oneof contact {
            string phone = 8;
            .api.users.User.Address postal = 9;
            bytes token = 15;
          }
          repeated int32 scores = 10 [packed = false];
          int64 created_at_ms = 11 [deprecated = true, jstype = JS_STRING];
          optional .api.users.Role optional_role = 12;
          map<string, .api.users.Role> roles_by_org = 13;
          repeated double weights = 14;
          uint64 big = 16;
          sint32 s32 = 17;
          fixed64 f64 = 18;
          sfixed32 sf32 = 19;
          float ratio = 20;
          bool active = 21;
          oneof extra {
            int32 extra_int = 22;
            string extra_text = 23;
          }
          reserved 30, 40 to 49, 1000 to max;
          reserved "password", "ssn";
        }

        """)
    let role = try #require(pool.enumType(named: "api.users.Role"))
    #expect(
      ProtoRenderer().render(enum: role) == """
        enum Role {
          option allow_alias = true;
          ROLE_UNSPECIFIED = 0;
          ROLE_USER = 1;
          ROLE_ADMIN = 2;
          ROLE_SUPERUSER = 2 [deprecated = true];
          reserved 5, 9 to 11, 100 to max;
          reserved "ROLE_GUEST", "ROLE_ROOT";
        }

        """)
  }

  @Test func describesProto2GroupsDefaultsAndExtensions() throws {
    let pool = try Protoc.fixturePool()
    let container = try #require(pool.message(named: "legacy.v1.Container"))
    let text = ProtoRenderer().render(message: container)
    #expect(text.contains("  required string name = 1;\n"))
    #expect(text.contains(#"  optional string greeting = 3 [default = "he said \"hi\"\n\ttab\\ and \001 café"];"#))
    #expect(text.contains(#"  optional bytes blob = 4 [default = "\000\001\377abc\"q\'"];"#))
    #expect(text.contains("  optional double ratio = 5 [default = -inf];\n"))
    #expect(text.contains("  optional .legacy.v1.Color color = 9 [default = GREEN];\n"))
    #expect(text.contains("  repeated int32 packed_ints = 12 [packed = true];\n"))
    #expect(text.contains("  optional group Result = 14 {\n    optional string url = 1;\n"))
    #expect(text.contains("  oneof choice {\n    string text = 17;\n    group Option = 18 {\n      optional int64 id = 1;"))
    #expect(text.contains("  extensions 100 to 199;\n  extensions 1000 to max;\n"))
    #expect(text.contains("  extend .legacy.v1.Container {\n    optional int32 nested_ext = 150;\n"))
    let ext = try #require(pool.extensionField(named: "legacy.v1.top_color"))
    #expect(
      ProtoRenderer().render(field: ext) == """
        extend .legacy.v1.Container {
          optional .legacy.v1.Color top_color = 102 [default = BLUE];
        }

        """)
  }

  @Test func printsCustomOptions() throws {
    let pool = try Protoc.fixturePool()
    let annotated = try #require(pool.message(named: "opts.Annotated"))
    let text = ProtoRenderer().render(message: annotated)
    #expect(
      text.contains(
        #"  option (.opts.message_rule) = { pattern: "^a.*$" min_len: 3 tags: "x" tags: "y" level: HIGH nested { pattern: "n" } };"#
      ))
    #expect(text.contains("  option (.opts.message_codes) = 1;\n  option (.opts.message_codes) = -2;\n"))
    #expect(text.contains(#"[(.opts.field_rule) = { pattern: "[a-z]+" weight: 2.5 }, (.opts.field_level) = HIGH]"#))
    #expect(text.contains("(.opts.field_sint) = -7, (.opts.field_fixed) = 18446744073709551615, (.opts.field_float) = 0.1]"))
    #expect(
      text.contains(
        #"(.opts.field_rule) = { raw: "\000\377" Extra { on: true } counts { key: "k" value: 2 } [opts.rule_note]: "note" }"#
      ))
    #expect(text.contains("    option (.opts.oneof_required) = true;\n"))
    #expect(text.contains(#"  extensions 1000 to 2000 [(.opts.range_note) = "reserved for plugins"];"#))
    let service = try #require(pool.service(named: "opts.Annotations"))
    #expect(ProtoRenderer().render(service: service).contains(#"option (.opts.method_rule) = { pattern: "p" weight: inf };"#))
  }

  @Test func rendersAFileHeader() throws {
    let pool = try Protoc.fixturePool()
    let file = try #require(pool.file(named: "wkt.proto"))
    let text = try ProtoRenderer().renderFile(named: "wkt.proto", in: pool)
    #expect(text == ProtoRenderer().render(file: file))
    #expect(text.hasPrefix("syntax = \"proto3\";\n\npackage api.wkt;\n\nimport \"google/protobuf/any.proto\";\n"))
    #expect(text.contains("import public \"users.proto\";\n"))
    #expect(text.contains("  .google.protobuf.Timestamp at = 1;\n"))
    #expect(throws: ProtoError.self) { try ProtoRenderer().renderFile(named: "nope.proto", in: pool) }
  }
}

@Suite struct EditionsRenderTests {
  /// protoc 3.21 cannot compile editions, so the descriptor is built by hand.
  @Test func rendersFeaturesInsteadOfLabels() throws {
    let field = { (name: String, number: Int32, type: Google_Protobuf_FieldDescriptorProto.TypeEnum) in
      var f = Google_Protobuf_FieldDescriptorProto()
      (f.name, f.number, f.type, f.label, f.jsonName) = (name, number, type, .optional, name)
      return f
    }
    var group = Google_Protobuf_DescriptorProto()
    group.name = "G"
    group.field = [field("x", 1, .int32)]
    var message = Google_Protobuf_DescriptorProto()
    message.name = "M"
    var required = field("req", 2, .string)
    required.label = .required
    var delimited = field("g", 3, .group)
    delimited.typeName = ".ed.M.G"
    var expanded = field("r", 4, .int32)
    expanded.label = .repeated
    expanded.options.features.repeatedFieldEncoding = .expanded
    message.field = [field("a", 1, .int32), required, delimited, expanded]
    message.nestedType = [group]
    message.reservedName = ["old"]
    var enumType = Google_Protobuf_EnumDescriptorProto()
    enumType.name = "E"
    enumType.options.features.enumType = .closed
    var value = Google_Protobuf_EnumValueDescriptorProto()
    value.name = "V0"
    enumType.value = [value]
    var file = Google_Protobuf_FileDescriptorProto()
    (file.name, file.package, file.syntax, file.edition) = ("ed.proto", "ed", "editions", .edition2023)
    file.options.features.fieldPresence = .implicit
    file.messageType = [message]
    file.enumType = [enumType]
    let pool = try DescriptorPool(files: [file])
    #expect(
      ProtoRenderer().render(file: try #require(pool.file(named: "ed.proto"))) == """
        edition = "2023";

        package ed;

        option features.field_presence = IMPLICIT;

        message M {
          int32 a = 1;
          string req = 2 [features.field_presence = LEGACY_REQUIRED];
          .ed.M.G g = 3 [features.message_encoding = DELIMITED];
          repeated int32 r = 4 [features.repeated_field_encoding = EXPANDED];
          message G {
            int32 x = 1;
          }
          reserved old;
        }

        enum E {
          option features.enum_type = CLOSED;
          V0 = 0;
        }

        """)
  }
}

@Suite struct MessageTemplateTests {
  @Test func cutsRecursionAfterOneLevel() throws {
    let pool = try Protoc.fixturePool()
    let tree = try #require(pool.message(named: "api.users.Tree"))
    #expect(
      MessageTemplate.json(for: tree) == """
        {
          "value": "",
          "children": [],
          "parent": {},
          "byName": {}
        }
        """)
  }

  @Test func setsOnlyTheFirstOneofMember() throws {
    let pool = try Protoc.fixturePool()
    let user = try #require(pool.message(named: "api.users.User"))
    let json = MessageTemplate.json(for: user)
    #expect(json.contains("\n  \"phone\": \"\",\n"))
    #expect(!json.contains("postal") && !json.contains("token"))
    #expect(json.contains("\n  \"extraInt\": 0\n}"))
    #expect(!json.contains("extraText"))
    #expect(json.contains("\n  \"name\": \"\",\n  \"email\": \"\",\n  \"role\": \"ROLE_UNSPECIFIED\",\n"))
    #expect(json.contains("\n  \"labels\": {\n    \"\": \"\"\n  },\n"))
    #expect(json.contains("\n  \"addressByPriority\": {\n    \"0\": {\n      \"street\": \"\",\n"))
    #expect(json.contains("\n  \"createdAtMs\": \"0\",\n"))
    #expect(json.contains("\n  \"scores\": [\n    0\n  ],\n"))
    let compact = MessageTemplate(useProtoNames: true, indent: 0).render(try #require(pool.message(named: "api.users.GetUserRequest")))
    #expect(compact == #"{"id":""}"#)
  }

  @Test func usesWellKnownTypeJSONForms() throws {
    let pool = try Protoc.fixturePool()
    let everything = try #require(pool.message(named: "api.wkt.Everything"))
    let json = MessageTemplate(indent: 0).render(everything)
    let expectedPrefix =
      #"{"at":"1970-01-01T00:00:00Z","took":"0s","meta":{},"dynamic":null,"list":[],"#
      + #""payload":{"@type":"type.googleapis.com/google.protobuf.Empty"},"mask":"","maybeCount":"0","#
      + #""maybeName":"","maybeFlag":false,"maybeRatio":0,"maybeBlob":"","nothing":{},"#
      + #""history":["1970-01-01T00:00:00Z"],"attributes":{"":null},"owner":{"#
    #expect(json.hasPrefix(expectedPrefix))
    #expect(json.hasSuffix(#""nullValue":null}"#))
  }

  @Test func writesLegacyGroupsAndDefaults() throws {
    let pool = try Protoc.fixturePool()
    let container = try #require(pool.message(named: "legacy.v1.Container"))
    let json = MessageTemplate(indent: 0).render(container)
    #expect(json.contains(#""result":{"url":"","snippets":[""]}"#))
    #expect(json.contains(#""color":"RED""#))
    #expect(json.contains(#""text":"""#) && !json.contains(#""option""#))
  }
}
