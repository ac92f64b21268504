import AgentConfig
import DynamicProto
import Foundation
import GRPCDynamic
import Hummingbird
import Synchronization

extension Router where Context == AgentRequestContext {
  /// `POST /api/v1/targets/{target}/invoke`: calls a method of a configured target with JSON requests.
  ///
  /// The answer is `{code, codeName, message, details[], headers, trailers, response | responses[], latencyMs}`
  /// whatever the gRPC outcome; its HTTP status follows grpc-gateway's mapping of the gRPC code
  /// (``GRPCHTTPStatus``). A non-OK answer also has `source: "upstream"` and `error: {code, message}`. Failures
  /// before any gRPC status (unknown service, bad JSON, connection refused) are ``AgentHTTPError``s with
  /// `source: "reflectprobe"`. Calls carry the target's configured metadata; the body's `metadata` replaces
  /// entries of the same name.
  func addInvokeRoutes(_ api: APIContext) {
    post("/api/v1/targets/:target/invoke") { request, context in
      let target = try api.target(APIContext.parameter(context, "target"))
      let body: ByteBuffer
      do {
        body = try await request.body.collect(upTo: InvokeRequest.maxBodyBytes)
      } catch {
        throw AgentHTTPError(
          .contentTooLarge, code: "body_too_large",
          message: "the request body exceeds \(InvokeRequest.maxBodyBytes) bytes", source: "reflectprobe")
      }
      let invoke = try InvokeRequest(parsing: Data(body.readableBytesView))
      guard target.allowInvoke else {
        throw AgentHTTPError(
          .forbidden, code: "invoke_disabled", message: "invoking methods of target '\(target.name)' is disabled",
          source: "reflectprobe")
      }
      guard target.allowsInvoking(invoke.method) else {
        throw AgentHTTPError(
          .forbidden, code: "method_not_allowed",
          message: "\(invoke.method) is not in the invoke_methods of target '\(target.name)'", source: "reflectprobe")
      }
      let client = try api.client(target)
      guard api.invokes.acquire() else {
        throw AgentHTTPError(
          .tooManyRequests, code: "too_many_invokes",
          message: "\(api.invokes.limit) invokes are already in flight; retry later", source: "reflectprobe")
      }
      defer { api.invokes.release() }
      let start = ContinuousClock.now
      let outcome: InvokeOutcome
      do {
        outcome = try await InvokeOutcome.run(invoke, target: target, client: client)
      } catch {
        let answer = APIContext.httpError(error, target: target.name)
        InvokeOutcome.audit(context, target: target.name, method: invoke.method, result: answer.code, start: start)
        throw answer
      }
      InvokeOutcome.audit(
        context, target: target.name, method: invoke.method, result: outcome.status.code.name, start: start)
      let (envelope, spliced) = outcome.json()
      return try Response.json(envelope, spliced: spliced, status: GRPCHTTPStatus.status(for: outcome.status.code))
    }
  }
}

/// One REST invoke's result: the gRPC status, headers, trailers and (bounded) responses.
struct InvokeOutcome {
  var method: MethodDescriptor
  var status: RPCStatus
  var headers: RPCMetadata
  var trailers: RPCMetadata
  var responses: [String]
  var responseCount: Int
  var latency: Duration

  static func run(_ invoke: InvokeRequest, target: TargetConfig, client: DynamicClient) async throws -> InvokeOutcome {
    let method = try await client.method(invoke.method)
    if !method.clientStreaming && invoke.requests.count > 1 {
      throw InvokeRequest.invalid(
        "\(method.fullName) is \(method.streamingKind): it takes one request, not \(invoke.requests.count)")
    }
    let overridden = Set(invoke.metadata.map(\.name))
    var metadata = RPCMetadata(
      target.metadata.filter { !overridden.contains($0.name.lowercased()) }.map {
        RPCMetadata.Entry(name: $0.name, value: $0.value)
      })
    for entry in invoke.metadata { metadata.append(name: entry.name, value: entry.value) }
    let recorder = InvokeRecorder(limit: invoke.maxResponses)
    let start = ContinuousClock.now
    var status = RPCStatus.ok
    var headers: RPCMetadata
    var trailers: RPCMetadata
    do {
      let summary = try await client.call(
        invoke.method, requests: invoke.requests, metadata: metadata, timeout: invoke.timeout, handler: recorder)
      headers = summary.headers
      trailers = summary.trailers
    } catch let error as DynamicClientError
      where (error.code == .rpcFailed || error.code == .responseTooLarge) && error.status != nil
    {
      status = error.status ?? RPCStatus(code: .unknown)
      headers = error.headers
      trailers = error.trailers
    }
    let recorded = recorder.recorded
    return InvokeOutcome(
      method: method, status: status, headers: headers, trailers: trailers, responses: recorded.responses,
      responseCount: recorded.count, latency: ContinuousClock.now - start)
  }

  /// The answer body: the envelope, with the responses and status details spliced in as the codec wrote them.
  func json() -> (envelope: [String: Any], spliced: SplicedJSON) {
    var spliced = SplicedJSON()
    var json: [String: Any] = [
      "method": method.fullName, "streamingKind": method.streamingKind,
      "code": status.code.rawValue, "codeName": status.code.name, "message": status.message,
      "details": status.details.map { spliced.slot($0.json()) },
      "headers": Self.object(headers), "trailers": Self.object(trailers),
      "latencyMs": Self.milliseconds(latency),
    ]
    if method.serverStreaming {
      json["responses"] = responses.map { spliced.slot($0) }
      json["responseCount"] = responseCount
      json["truncated"] = responseCount > responses.count
    } else if let response = responses.last {
      json["response"] = spliced.slot(response)
    } else {
      json["response"] = NSNull()
    }
    if !status.isOK {
      json["source"] = "upstream"
      json["error"] = [
        "code": status.code.name.lowercased(),
        "message": status.message.isEmpty ? "the target answered \(status.code.name)" : status.message,
      ]
    }
    return (json, spliced)
  }

  /// Milliseconds, to the microsecond.
  static func milliseconds(_ duration: Duration) -> Double {
    let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    return (ms * 1000).rounded() / 1000
  }

  /// Metadata as `{name: value}`; repeated names are joined with `, ` (HTTP's rule).
  /// Metadata as a JSON object (repeated names joined with `, `); HTTP/2 pseudo-headers (`:status`) left out, as
  /// grpcurl's `-v` does.
  static func object(_ metadata: RPCMetadata) -> [String: String] {
    var object: [String: String] = [:]
    for entry in metadata where !entry.name.hasPrefix(":") {
      object[entry.name] = object[entry.name].map { "\($0), \(entry.value)" } ?? entry.value
    }
    return object
  }

  /// The audit line of an invoke: target, method, result, latency and caller — never metadata values.
  static func audit(
    _ context: AgentRequestContext, target: String, method: String, result: String, start: ContinuousClock.Instant
  ) {
    let elapsed = ContinuousClock.now - start
    context.logger.info(
      "api invoke",
      metadata: [
        "target": "\(target)", "method": "\(method)", "result": "\(result)",
        "latency": "\(elapsed)", "caller": "\(context.remoteAddress ?? "unknown")",
      ])
  }
}

/// Records an invoke's responses up to a limit (the rest are counted, not kept).
final class InvokeRecorder: InvocationEventHandler {
  private let limit: Int
  private let state = Mutex<(responses: [String], count: Int)>(([], 0))

  init(limit: Int) { self.limit = limit }

  var recorded: (responses: [String], count: Int) { state.withLock { $0 } }

  func onReceiveResponse(_ response: ResponseMessage) {
    state.withLock { state in
      state.count += 1
      if state.responses.count < limit { state.responses.append(response.json) }
    }
  }
}
