import AgentConfig
import DynamicProto
import Foundation
import GRPCDynamic

/// Calls a unary or server-streaming method with the probe's JSON request and checks the expectations
/// (`expect:`): the status code (default OK; an expected non-OK code that matches is a success, e.g. NOT_FOUND for
/// a missing user), the call's latency, and assertions on the first response's JSON.
///
/// - Metadata: the target's entries, then the probe's.
/// - Streams: at most `max_responses` responses are taken, then the call is cancelled — a success if the rest
///   holds (status OK).
/// - Phases: `reflection` (resolving the method, usually from the descriptor cache), `call` (the RPC), `connect`.
///   `max_latency` applies to the `call` phase: neither the connection nor the method's resolution counts.
/// - The reason of a failure names the first failed expectation, actual vs expected:
///   `status NOT_FOUND, expected OK: user 42 not found`, `call took 312ms, expected at most 50ms`,
///   `assertion failed: user.name is "Bob", expected "Ada Lovelace"`. Assertions are checked only on an OK call.
public struct InvokeProber: Prober {
  public var settings: InvokeProbeSettings

  public init(settings: InvokeProbeSettings) { self.settings = settings }

  public func probe(_ request: ProbeRequest) async -> ProbeOutcome {
    let settings = self.settings
    return await ProbeExecution.run(request) { execution in
      let method = try await execution.timeline.measure("reflection") {
        try await execution.client.method(settings.method)
      }
      guard !method.clientStreaming else {
        let kind = method.streamingKind.replacingOccurrences(of: "_", with: " ")
        throw ProbeFailure(
          statusCode: nil,
          "\(settings.method) is \(kind): invoke probes call unary and server-streaming methods only")
      }
      let metadata = TargetClientFactory.metadata(request.target.metadata + settings.metadata)
      let limit = method.serverStreaming ? max(settings.maxResponses, 1) : Int.max
      let result = try await execution.timeline.measure("call") {
        try await BoundedCall.run(
          execution.client, method: settings.method, json: settings.requestJSON, metadata: metadata,
          timeout: execution.remaining, limit: limit)
      }
      let callSeconds =
        execution.timeline.phases(
          end: .now, connection: request.client.connectionObservation, connectionFailed: false)["call"] ?? 0
      return Self.evaluate(result, callSeconds: callSeconds, settings.expect, responseType: method.outputType)
    }
  }

  /// Checks the expectations in order: status code, latency, assertions.
  static func evaluate(
    _ result: BoundedCall.Result, callSeconds: Double, _ expect: Expectations, responseType: MessageDescriptor?
  ) -> ProbeFindings {
    let actual = result.status.code
    let expected = RPCStatusCode(rawValue: expect.code)
    guard actual == expected else {
      var reason = "status \(actual.name), expected \(expected.name)"
      if !result.status.message.isEmpty { reason += ": \(result.status.message)" }
      return .failure(statusCode: actual.rawValue, reason)
    }
    if let maxLatency = expect.maxLatency, callSeconds > ProbeTimeline.seconds(maxLatency) {
      let took = ProbeExecution.describe(.nanoseconds(Int64(callSeconds * 1e9)))
      return .failure(
        statusCode: actual.rawValue, "call took \(took), expected at most \(ProbeExecution.describe(maxLatency))")
    }
    var findings = ProbeFindings()
    findings.statusCode = actual.rawValue
    guard actual == .ok, !expect.assertions.isEmpty else { return findings }
    guard let first = result.firstResponse else {
      return .failure(statusCode: actual.rawValue, "assertion failed: the call returned no response message to check")
    }
    let json: JSONValue
    do {
      json = try JSONValue(parsing: first)
    } catch {
      return .failure(statusCode: actual.rawValue, "assertion failed: the response is not valid JSON: \(error)")
    }
    let evaluator = ResponseAssertionEvaluator(assertions: expect.assertions, responseType: responseType)
    if let reason = evaluator.firstFailure(in: json) {
      return .failure(statusCode: actual.rawValue, reason)
    }
    return findings
  }
}
