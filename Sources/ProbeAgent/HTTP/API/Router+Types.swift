import DynamicProto
import Foundation
import GRPCDynamic
import Hummingbird

extension Router where Context == AgentRequestContext {
  /// `GET /api/v1/targets/{target}/types/{fullName}`: a message or enum of the target's schema as `.proto` text,
  /// as a JSON description of its fields (or values), and — for a message — a request template with every field
  /// filled with a placeholder ("generate messages").
  func addTypeRoutes(_ api: APIContext) {
    get("/api/v1/targets/:target/types/:type") { _, context in
      let target = try api.target(APIContext.parameter(context, "target"))
      let name = try APIContext.parameter(context, "type")
      let client = try api.client(target)
      let symbol: Symbol
      do {
        symbol = try await client.describe(symbol: name)
      } catch let error as DynamicClientError where error.code == .symbolNotFound {
        throw AgentHTTPError(
          .notFound, code: "type_not_found", message: "target '\(target.name)' has no type '\(name)'",
          source: "reflectprobe")
      } catch {
        throw APIContext.httpError(error, target: target.name)
      }
      switch symbol {
      case .message(let message):
        return try Response.json(TypesJSON.message(message, target: target.name))
      case .enumType(let enumType):
        return try Response.json(TypesJSON.enumType(enumType, target: target.name))
      default:
        throw AgentHTTPError(
          .notFound, code: "type_not_found",
          message: "'\(name)' is not a message or enum of target '\(target.name)' (services: /services/\(name))",
          source: "reflectprobe")
      }
    }
  }
}

/// The JSON shapes of the type route.
enum TypesJSON {
  static func message(_ message: MessageDescriptor, target: String) -> [String: Any] {
    let fields: [[String: Any]] = message.fields.map { field in
      var json: [String: Any] = [
        "name": field.name, "jsonName": field.jsonName, "number": Int(field.number), "type": "\(field.type)",
        "label": field.isMap ? "map" : field.isRepeated ? "repeated" : field.isRequired ? "required" : "optional",
        "hasPresence": field.hasPresence,
      ]
      if field.isMap, let key = field.mapKey, let value = field.mapValue {
        json["mapKey"] = "\(key.type)"
        json["mapValue"] = typeName(value) ?? "\(value.type)"
      } else if let name = typeName(field, namedOnly: true) {
        json["typeName"] = name
      }
      if let oneof = field.containingOneof { json["oneof"] = oneof.name }
      return json
    }
    return [
      "target": target, "kind": "message", "name": message.fullName, "file": message.file.name,
      "proto": ProtoRenderer().render(message: message), "fields": fields,
      "template": parse(MessageTemplate.json(for: message)),
    ]
  }

  static func enumType(_ enumType: EnumDescriptor, target: String) -> [String: Any] {
    [
      "target": target, "kind": "enum", "name": enumType.fullName, "file": enumType.file.name,
      "proto": ProtoRenderer().render(enum: enumType),
      "values": enumType.values.map { ["name": $0.name, "number": Int($0.number)] as [String: Any] },
    ]
  }

  /// A JSON text as `JSONSerialization` values (the text itself if it is not JSON).
  static func parse(_ text: String) -> Any {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)) ?? text
  }

  /// A field's message or enum type name, or (unless `namedOnly`) its scalar type.
  static func typeName(_ field: FieldDescriptor, namedOnly: Bool = false) -> String? {
    if let message = field.messageType { return message.fullName }
    if let enumType = field.enumType { return enumType.fullName }
    return namedOnly ? nil : "\(field.type)"
  }
}
