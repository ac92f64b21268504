import Foundation
import ProbeStore
import Testing

@testable import ProbeAgent

/// The pure schema diff and the canonical form: two schema values in, changes out.
@Suite struct SchemaDiffTests {
  typealias Schema = CanonicalSchema

  /// users.UserService {GetUser, DeleteUser}, a User message and a Role enum.
  static var base: Schema {
    var schema = Schema()
    schema.services["api.users.UserService"] = .init(methods: [
      "GetUser": .init(input: "api.users.GetUserRequest", output: "api.users.User"),
      "DeleteUser": .init(input: "api.users.GetUserRequest", output: "api.users.User"),
      "ListUsers": .init(input: "api.users.ListUsersRequest", output: "api.users.User", serverStreaming: true),
    ])
    schema.messages["api.users.GetUserRequest"] = .init(fields: ["user_id": .init(number: 1, type: "int64")])
    schema.messages["api.users.ListUsersRequest"] = .init(fields: ["page_size": .init(number: 1, type: "int32")])
    schema.messages["api.users.User"] = .init(fields: [
      "user_id": .init(number: 1, type: "int64"),
      "email": .init(number: 2, type: "string"),
      "role": .init(number: 4, type: "enum", typeName: "api.users.Role"),
      "labels": .init(number: 7, type: "map<string,string>", label: "repeated"),
    ])
    schema.enums["api.users.Role"] = .init(values: ["ROLE_UNSPECIFIED": 0, "ROLE_MEMBER": 1, "ROLE_ADMIN": 2])
    return schema
  }

  @Test func equalSchemasHaveNoChanges() {
    #expect(SchemaDiff.changes(from: Self.base, to: Self.base).isEmpty)
  }

  @Test func removedMethodIsBreakingAddedMethodIsAdditive() {
    var new = Self.base
    new.services["api.users.UserService"]?.methods["DeleteUser"] = nil
    new.services["api.users.UserService"]?.methods["RenameUser"] = .init(
      input: "api.users.GetUserRequest", output: "api.users.User")
    #expect(
      SchemaDiff.changes(from: Self.base, to: new) == [
        .init(.breaking, "method api.users.UserService/DeleteUser removed"),
        .init(.additive, "method api.users.UserService/RenameUser added"),
      ])
  }

  @Test func servicesAddedAndRemoved() {
    var new = Self.base
    new.services["api.users.UserService"] = nil
    new.services["api.users.v2.UserService"] = .init()
    #expect(
      SchemaDiff.changes(from: Self.base, to: new) == [
        .init(.breaking, "service api.users.UserService removed"),
        .init(.additive, "service api.users.v2.UserService added"),
      ])
  }

  @Test func methodTypeAndStreamingChangesAreBreaking() {
    var new = Self.base
    new.services["api.users.UserService"]?.methods["GetUser"]?.input = "api.users.ListUsersRequest"
    new.services["api.users.UserService"]?.methods["GetUser"]?.output = "api.users.GetUserRequest"
    new.services["api.users.UserService"]?.methods["ListUsers"]?.serverStreaming = false
    #expect(
      SchemaDiff.changes(from: Self.base, to: new) == [
        .init(
          .breaking,
          "method api.users.UserService/GetUser input type changed from api.users.GetUserRequest to api.users.ListUsersRequest"
        ),
        .init(
          .breaking,
          "method api.users.UserService/GetUser output type changed from api.users.User to api.users.GetUserRequest"),
        .init(.breaking, "method api.users.UserService/ListUsers changed from server streaming to unary"),
      ])
  }

  @Test func fieldChanges() {
    var new = Self.base
    var user = new.messages["api.users.User"]!
    user.fields["email"] = nil
    user.fields["nickname"] = .init(number: 8, type: "string")
    user.fields["user_id"] = .init(number: 9, type: "string", label: "repeated")
    user.fields["role"]?.typeName = "api.users.Level"
    user.fields["labels"]?.type = "map<string,int32>"
    new.messages["api.users.User"] = user
    new.enums["api.users.Level"] = .init(values: ["LEVEL_UNSPECIFIED": 0])
    #expect(
      SchemaDiff.changes(from: Self.base, to: new) == [
        .init(.breaking, "field api.users.User.email removed"),
        .init(.breaking, "field api.users.User.labels changed type from map<string,string> to map<string,int32>"),
        .init(.additive, "field api.users.User.nickname added"),
        .init(.breaking, "field api.users.User.role changed type from api.users.Role to api.users.Level"),
        .init(.breaking, "field api.users.User.user_id changed number from 1 to 9"),
        .init(.breaking, "field api.users.User.user_id changed type from int64 to string"),
        .init(.breaking, "field api.users.User.user_id changed cardinality from optional to repeated"),
        .init(.additive, "enum api.users.Level added"),
      ])
  }

  @Test func oneofMoves() {
    var new = Self.base
    new.messages["api.users.User"]?.fields["email"]?.oneof = "contact"
    #expect(
      SchemaDiff.changes(from: Self.base, to: new) == [
        .init(.breaking, "field api.users.User.email moved from no oneof to oneof contact")
      ])
  }

  @Test func enumValues() {
    var new = Self.base
    new.enums["api.users.Role"]?.values["ROLE_ADMIN"] = nil
    new.enums["api.users.Role"]?.values["ROLE_OWNER"] = 3
    new.enums["api.users.Role"]?.values["ROLE_MEMBER"] = 5
    #expect(
      SchemaDiff.changes(from: Self.base, to: new) == [
        .init(.breaking, "enum value api.users.Role.ROLE_ADMIN removed"),
        .init(.breaking, "enum value api.users.Role.ROLE_MEMBER changed number from 1 to 5"),
        .init(.additive, "enum value api.users.Role.ROLE_OWNER added"),
      ])
  }

  @Test func newReachableMessageIsAdditiveUnreachableOneIsCoveredByItsCause() {
    var new = Self.base
    new.services["api.users.UserService"]?.methods["ListUsers"] = nil
    new.messages["api.users.ListUsersRequest"] = nil
    new.messages["api.users.Page"] = .init(fields: ["token": .init(number: 1, type: "string")])
    #expect(
      SchemaDiff.changes(from: Self.base, to: new) == [
        .init(.breaking, "method api.users.UserService/ListUsers removed"),
        .init(.additive, "message api.users.Page added"),
      ])
  }

  @Test func canonicalJSONIsDeterministicAndRoundTrips() throws {
    // The same schema built in another order has the same text and hash.
    var other = Schema()
    for (name, message) in Self.base.messages.sorted(by: { $0.key > $1.key }) { other.messages[name] = message }
    other.enums = Self.base.enums
    other.services = Self.base.services
    #expect(other.jsonText() == Self.base.jsonText())
    #expect(other.hash == Self.base.hash)
    #expect(try Schema(jsonText: Self.base.jsonText()) == Self.base)
    let text = Self.base.jsonText()
    #expect(text.hasPrefix(#"{"enums":{"api.users.Role":{"values":{"ROLE_ADMIN":2,"#))
    #expect(!text.contains(" ") && !text.contains("\n"))
    #expect(Self.base.hash.count == 16)
    var changed = Self.base
    changed.enums["api.users.Role"]?.values["ROLE_OWNER"] = 3
    #expect(changed.hash != Self.base.hash)
  }

  @Test func fnv1a64KnownValues() {
    #expect(SchemaHash.fnv1a64("") == "cbf29ce484222325")
    #expect(SchemaHash.fnv1a64("a") == "af63dc4c8601ec8c")
    #expect(SchemaHash.fnv1a64("foobar") == "85944171f73967e8")
  }

  @Test func driftEventsBetweenStoredSnapshots() throws {
    var new = Self.base
    new.services["api.users.UserService"]?.methods["DeleteUser"] = nil
    let then = Date(timeIntervalSince1970: 1_000)
    let now = Date(timeIntervalSince1970: 2_000)
    let old = SchemaSnapshot(target: "demo", time: then, hash: Self.base.hash, json: Self.base.jsonText())
    let current = SchemaSnapshot(target: "demo", time: now, hash: new.hash, json: new.jsonText())
    #expect(
      try SchemaDiff.driftEvents(from: old, to: current) == [
        DriftEvent(
          target: "demo", time: now, kind: .breaking, detail: "method api.users.UserService/DeleteUser removed")
      ])
    #expect(try SchemaDiff.driftEvents(from: old, to: old).isEmpty)
    let garbage = SchemaSnapshot(target: "demo", time: then, hash: "x", json: "not json")
    #expect(throws: (any Error).self) { try SchemaDiff.driftEvents(from: garbage, to: current) }
  }
}
