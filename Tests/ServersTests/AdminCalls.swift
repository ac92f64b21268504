import DemoServices
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import SwiftProtobuf

/// Calls to the demo's `reflectprobe.demo.Admin` service (google.protobuf.Struct in and out).
enum AdminCalls {
  static func call(
    _ client: GRPCClient<HTTP2ClientTransport.Posix>, _ method: MethodDescriptor, _ fields: [String: String]
  ) async throws -> Google_Protobuf_Struct {
    var message = Google_Protobuf_Struct()
    for (key, value) in fields { message.fields[key] = Google_Protobuf_Value(stringValue: value) }
    return try await client.unary(
      request: ClientRequest(message: message), descriptor: method,
      serializer: ProtobufSerializer<Google_Protobuf_Struct>(),
      deserializer: ProtobufDeserializer<Google_Protobuf_Struct>(),
      options: TestEnvironment.options()
    ) { try $0.message }
  }

  static func setHealth(
    _ client: GRPCClient<HTTP2ClientTransport.Posix>, _ service: String, _ status: String
  ) async throws {
    _ = try await call(client, DemoAdminService.setHealth, ["service": service, "status": status])
  }

  /// The demo's counters; read on a connection of their own so reading them does not count as a connection.
  static func stats(_ server: ServerProcess) async throws -> [String: Int] {
    try await TestEnvironment.withClient(server) { client in
      let out = try await call(client, DemoAdminService.stats, [:])
      return out.fields.compactMapValues { value in
        if case .numberValue(let number)? = value.kind { return Int(number) }
        return nil
      }
    }
  }
}

/// Minimal protobuf encoding for the Python peer's messages (no generated code for them on this side).
enum Wire {
  /// Length-delimited string fields, in order.
  static func strings(_ fields: [(Int, String)]) -> [UInt8] {
    var out: [UInt8] = []
    for (number, value) in fields {
      varint(UInt64(number << 3 | 2), into: &out)
      let bytes = Array(value.utf8)
      varint(UInt64(bytes.count), into: &out)
      out += bytes
    }
    return out
  }

  static func varint(_ value: UInt64, into out: inout [UInt8]) {
    var v = value
    while v >= 0x80 {
      out.append(UInt8(v & 0x7F) | 0x80)
      v >>= 7
    }
    out.append(UInt8(v))
  }
}
