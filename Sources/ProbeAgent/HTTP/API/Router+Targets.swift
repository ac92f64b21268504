import AgentConfig
import DynamicProto
import Foundation
import GRPCDynamic
import Hummingbird
import ProbeStore

extension Router where Context == AgentRequestContext {
  /// The REST API's routes, all under `/api/v1`.
  func addAPIRoutes(_ api: APIContext) {
    addTargetRoutes(api)
    addTypeRoutes(api)
    addInvokeRoutes(api)
    addHistoryRoutes(api)
    get("/api/v1/openapi.json") { _, _ in
      Response(
        status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
        body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }
  }

  /// `GET /api/v1/targets`, `GET /api/v1/targets/{target}/services` and
  /// `GET /api/v1/targets/{target}/services/{service}`.
  func addTargetRoutes(_ api: APIContext) {
    get("/api/v1/targets") { _, _ in
      let states = Dictionary(api.dependencies.probeStates().map { ($0.key, $0.state) }) { first, _ in first }
      let targets = api.dependencies.configuration().targets.map { target in
        TargetsJSON.target(target, states: states)
      }
      return try Response.json(["targets": targets])
    }

    get("/api/v1/targets/:target/services") { _, context in
      let target = try api.target(APIContext.parameter(context, "target"))
      let client = try api.client(target)
      do {
        let services = try await client.listServices()
        return try Response.json(["target": target.name, "services": services])
      } catch {
        throw APIContext.httpError(error, target: target.name)
      }
    }

    get("/api/v1/targets/:target/services/:service") { _, context in
      let target = try api.target(APIContext.parameter(context, "target"))
      let name = try APIContext.parameter(context, "service")
      let client = try api.client(target)
      let service: ServiceDescriptor
      do {
        service = try await client.serviceDescriptor(name)
      } catch {
        throw APIContext.httpError(error, target: target.name)
      }
      return try Response.json(TargetsJSON.service(service, target: target.name))
    }
  }
}

/// The JSON shapes of the target and service routes.
enum TargetsJSON {
  static func target(_ target: TargetConfig, states: [ProbeKey: ProbeStateBoard.State]) -> [String: Any] {
    let probes: [[String: Any]] = target.probes.map { spec in
      var probe: [String: Any] = [
        "name": spec.name, "kind": spec.kind.name, "intervalMs": milliseconds(spec.interval),
        "timeoutMs": milliseconds(spec.timeout), "labels": spec.labels,
      ]
      if let state = states[ProbeKey(target: target.name, probe: spec.name)] {
        probe["state"] = self.state(state)
      } else {
        probe["state"] = NSNull()
      }
      return probe
    }
    return [
      "name": target.name, "address": target.address, "labels": target.labels, "probes": probes,
      "allowInvoke": target.allowInvoke, "invokeMethods": target.invokeMethods.map { $0 as Any } ?? NSNull(),
    ]
  }

  /// A probe's last result: `{success, code, codeName, latencyMs, error, time, since, streak}`.
  static func state(_ state: ProbeStateBoard.State) -> [String: Any] {
    let last = state.last
    var json: [String: Any] = [
      "success": last.success, "latencyMs": HistoryQuery.finiteMs(last.latency),
      "time": last.time.apiTimestamp, "since": state.since.apiTimestamp, "streak": state.streak,
      "error": last.error ?? NSNull(),
    ]
    if let code = last.statusCode {
      json["code"] = code
      json["codeName"] = RPCStatusCode(rawValue: code).name
    } else {
      json["code"] = NSNull()
      json["codeName"] = NSNull()
    }
    return json
  }

  /// A service: its methods with types and streaming kinds, and its `.proto` rendering.
  static func service(_ service: ServiceDescriptor, target: String) -> [String: Any] {
    let methods: [[String: Any]] = service.methods.map { method in
      [
        "name": method.name, "fullName": method.fullName, "path": method.path,
        "inputType": method.inputType.fullName, "outputType": method.outputType.fullName,
        "clientStreaming": method.clientStreaming, "serverStreaming": method.serverStreaming,
        "streamingKind": method.streamingKind,
      ]
    }
    return [
      "target": target, "name": service.fullName, "file": service.file.name, "methods": methods,
      "proto": ProtoRenderer().render(service: service),
    ]
  }

  static func milliseconds(_ duration: Duration) -> Int {
    Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
  }
}
