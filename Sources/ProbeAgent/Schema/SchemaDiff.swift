import Foundation
import ProbeStore

/// The changes between two schemas of a target, as drift: a pure function, no I/O.
///
/// Breaking: a service or method removed; a method's input or output type or streaming kind changed; a field
/// removed or its number, type, cardinality or oneof changed; an enum value removed or renumbered.
/// Additive: a service, method, message, enum, field or enum value added.
///
/// A message or enum that is no longer reachable is not reported on its own: what made it unreachable (a removed
/// method, a changed type, a removed field) already is. Changes are listed in a stable order (services, then
/// messages, then enums, each by name).
public enum SchemaDiff {
  /// One change: its kind and a human-readable detail (`method api.users.UserService/DeleteUser removed`).
  public struct Change: Sendable, Equatable, CustomStringConvertible {
    public var kind: DriftEvent.Kind
    public var detail: String
    public init(_ kind: DriftEvent.Kind, _ detail: String) {
      self.kind = kind
      self.detail = detail
    }
    public var description: String { "\(kind.rawValue): \(detail)" }
  }

  /// What changed from `old` to `new`.
  public static func changes(from old: CanonicalSchema, to new: CanonicalSchema) -> [Change] {
    var changes: [Change] = []
    for name in Set(old.services.keys).union(new.services.keys).sorted() {
      switch (old.services[name], new.services[name]) {
      case (nil, _?): changes.append(Change(.additive, "service \(name) added"))
      case (_?, nil): changes.append(Change(.breaking, "service \(name) removed"))
      case (let before?, let after?): changes += serviceChanges(name, before, after)
      case (nil, nil): break
      }
    }
    for name in Set(old.messages.keys).union(new.messages.keys).sorted() {
      switch (old.messages[name], new.messages[name]) {
      case (nil, _?): changes.append(Change(.additive, "message \(name) added"))
      case (let before?, let after?): changes += messageChanges(name, before, after)
      default: break
      }
    }
    for name in Set(old.enums.keys).union(new.enums.keys).sorted() {
      switch (old.enums[name], new.enums[name]) {
      case (nil, _?): changes.append(Change(.additive, "enum \(name) added"))
      case (let before?, let after?): changes += enumChanges(name, before, after)
      default: break
      }
    }
    return changes
  }

  /// ``changes(from:to:)`` between two stored snapshots of a target, as drift events at the newer one's time.
  ///
  /// - Throws: `DecodingError` when a snapshot's JSON is not a ``CanonicalSchema``.
  public static func driftEvents(from old: SchemaSnapshot, to new: SchemaSnapshot) throws -> [DriftEvent] {
    guard old.hash != new.hash else { return [] }
    let before = try CanonicalSchema(jsonText: old.json)
    let after = try CanonicalSchema(jsonText: new.json)
    return changes(from: before, to: after).map {
      DriftEvent(target: new.target, time: new.time, kind: $0.kind, detail: $0.detail)
    }
  }

  private static func serviceChanges(_ service: String, _ old: CanonicalSchema.Service, _ new: CanonicalSchema.Service)
    -> [Change]
  {
    var changes: [Change] = []
    for name in Set(old.methods.keys).union(new.methods.keys).sorted() {
      let path = "method \(service)/\(name)"
      switch (old.methods[name], new.methods[name]) {
      case (nil, _?): changes.append(Change(.additive, "\(path) added"))
      case (_?, nil): changes.append(Change(.breaking, "\(path) removed"))
      case (let before?, let after?):
        if before.input != after.input {
          changes.append(Change(.breaking, "\(path) input type changed from \(before.input) to \(after.input)"))
        }
        if before.output != after.output {
          changes.append(Change(.breaking, "\(path) output type changed from \(before.output) to \(after.output)"))
        }
        if before.streamingKind != after.streamingKind {
          changes.append(
            Change(.breaking, "\(path) changed from \(before.streamingKind) to \(after.streamingKind)"))
        }
      case (nil, nil): break
      }
    }
    return changes
  }

  private static func messageChanges(_ message: String, _ old: CanonicalSchema.Message, _ new: CanonicalSchema.Message)
    -> [Change]
  {
    var changes: [Change] = []
    for name in Set(old.fields.keys).union(new.fields.keys).sorted() {
      let path = "field \(message).\(name)"
      switch (old.fields[name], new.fields[name]) {
      case (nil, _?): changes.append(Change(.additive, "\(path) added"))
      case (_?, nil): changes.append(Change(.breaking, "\(path) removed"))
      case (let before?, let after?):
        if before.number != after.number {
          changes.append(Change(.breaking, "\(path) changed number from \(before.number) to \(after.number)"))
        }
        if before.displayType != after.displayType {
          changes.append(
            Change(.breaking, "\(path) changed type from \(before.displayType) to \(after.displayType)"))
        }
        if before.label != after.label {
          changes.append(Change(.breaking, "\(path) changed cardinality from \(before.label) to \(after.label)"))
        }
        if before.oneof != after.oneof {
          let from = before.oneof.map { "oneof \($0)" } ?? "no oneof"
          let to = after.oneof.map { "oneof \($0)" } ?? "no oneof"
          changes.append(Change(.breaking, "\(path) moved from \(from) to \(to)"))
        }
      case (nil, nil): break
      }
    }
    return changes
  }

  private static func enumChanges(_ type: String, _ old: CanonicalSchema.EnumType, _ new: CanonicalSchema.EnumType)
    -> [Change]
  {
    var changes: [Change] = []
    for name in Set(old.values.keys).union(new.values.keys).sorted() {
      let path = "enum value \(type).\(name)"
      switch (old.values[name], new.values[name]) {
      case (nil, _?): changes.append(Change(.additive, "\(path) added"))
      case (_?, nil): changes.append(Change(.breaking, "\(path) removed"))
      case (let before?, let after?) where before != after:
        changes.append(Change(.breaking, "\(path) changed number from \(before) to \(after)"))
      default: break
      }
    }
    return changes
  }
}
