import GRPCCore
import GRPCProtobuf
import SwiftProtobuf

/// `reflectprobe.demo.Admin`: how tests drive a running demo server. Hand-registered (no generated code); both
/// methods take and return `google.protobuf.Struct`, so any client — including a dynamic one reading
/// ``fileDescriptor`` over reflection — can call them with JSON.
///
/// - `SetHealth {"service": "api.users.UserService", "status": "NOT_SERVING"}` → `{"service": …, "status": …}`.
///   `service` defaults to `""` (the whole server); `status` is SERVING, NOT_SERVING, UNKNOWN or SERVICE_UNKNOWN
///   (forgets the service). Anything else → INVALID_ARGUMENT.
/// - `Stats {}` → numbers: `reflectionStreams`, `activeReflectionStreams`, `reflectionRequests`, `connections`,
///   `calls`, `healthWatchers` (see the backend that provides them).
public struct DemoAdminService: RegistrableRPCService {
  /// The service's fully-qualified name.
  public static let serviceName = "reflectprobe.demo.Admin"
  /// `/reflectprobe.demo.Admin/SetHealth`
  public static let setHealth = MethodDescriptor(fullyQualifiedService: serviceName, method: "SetHealth")
  /// `/reflectprobe.demo.Admin/Stats`
  public static let stats = MethodDescriptor(fullyQualifiedService: serviceName, method: "Stats")

  /// The status names SetHealth accepts.
  public static let statusNames = ["SERVING", "NOT_SERVING", "UNKNOWN", "SERVICE_UNKNOWN"]

  let applyHealth: @Sendable (_ service: String, _ status: String) -> Void
  let readStats: @Sendable () -> [String: Int]

  /// - Parameters:
  ///   - setHealth: applies a validated status name (one of ``statusNames``) to a service.
  ///   - stats: the counters `Stats` returns.
  public init(
    setHealth: @escaping @Sendable (_ service: String, _ status: String) -> Void,
    stats: @escaping @Sendable () -> [String: Int]
  ) {
    self.applyHealth = setHealth
    self.readStats = stats
  }

  public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    router.registerHandler(
      forMethod: Self.setHealth,
      deserializer: ProtobufDeserializer<Google_Protobuf_Struct>(),
      serializer: ProtobufSerializer<Google_Protobuf_Struct>()
    ) { request, _ in
      let message = try await ServerRequest(stream: request).message
      return StreamingServerResponse(single: ServerResponse(message: try handleSetHealth(message)))
    }
    router.registerHandler(
      forMethod: Self.stats,
      deserializer: ProtobufDeserializer<Google_Protobuf_Struct>(),
      serializer: ProtobufSerializer<Google_Protobuf_Struct>()
    ) { request, _ in
      _ = try await ServerRequest(stream: request).message
      var out = Google_Protobuf_Struct()
      for (key, value) in readStats() { out.fields[key] = Google_Protobuf_Value(numberValue: Double(value)) }
      return StreamingServerResponse(single: ServerResponse(message: out))
    }
  }

  func handleSetHealth(_ message: Google_Protobuf_Struct) throws -> Google_Protobuf_Struct {
    let service = try stringField(message, "service") ?? ""
    guard let status = try stringField(message, "status")?.uppercased(), Self.statusNames.contains(status) else {
      throw RPCError(
        code: .invalidArgument,
        message: "SetHealth needs \"status\": one of \(Self.statusNames.joined(separator: ", "))")
    }
    applyHealth(service, status)
    var out = Google_Protobuf_Struct()
    out.fields["service"] = Google_Protobuf_Value(stringValue: service)
    out.fields["status"] = Google_Protobuf_Value(stringValue: status)
    return out
  }

  private func stringField(_ message: Google_Protobuf_Struct, _ name: String) throws -> String? {
    guard let value = message.fields[name] else { return nil }
    guard case .stringValue(let string)? = value.kind else {
      throw RPCError(code: .invalidArgument, message: "SetHealth: \"\(name)\" must be a string")
    }
    return string
  }
}
