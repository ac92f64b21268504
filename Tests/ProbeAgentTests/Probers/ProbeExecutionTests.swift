import AgentConfig
import Foundation
import GRPCDynamic
import Logging
import ProbeStore
import Testing

@testable import ProbeAgent

/// How ``ProbeExecution`` enforces a run's deadline: a watchdog task (bodies whose waits carry no deadline), or
/// none when every call of the body carries the probe's deadline itself (health checks).
@Suite struct ProbeExecutionTests {
  /// A request whose client is never dialled (the bodies here make no call).
  func withRequest(timeout: Duration, _ body: (ProbeRequest) async throws -> Void) async throws {
    try await withTemporaryStore { store in
      try await withConnectionPool { pool in
        let spec = ProbeHarness.spec(.health(HealthProbeSettings()), timeout: timeout)
        var target = ProbeHarness.target("127.0.0.1:9")
        target.probes = [spec]
        let client = try TargetClientFactory(pool: pool).client(for: target)
        try await body(
          ProbeRequest(
            key: ProbeKey(target: target.name, probe: spec.name), target: target, spec: spec, client: client,
            store: store, logger: Logger(label: "execution-test")))
      }
    }
  }

  @Test func watchdogEndsABodyThatOverrunsTheTimeout() async throws {
    try await withRequest(timeout: .milliseconds(100)) { request in
      let outcome = await ProbeExecution.run(request) { _ in
        try await Task.sleep(for: .seconds(30))
        return ProbeFindings()
      }
      #expect(!outcome.sample.success)
      #expect(outcome.sample.statusCode == RPCStatusCode.deadlineExceeded.rawValue, "\(outcome.summary)")
      #expect(outcome.sample.error?.contains("probe timed out after 100ms") == true, "\(outcome.summary)")
      // Timeout plus grace; the upper bound only guards against a hang on a loaded machine.
      #expect(outcome.sample.latency >= 0.3 && outcome.sample.latency < 20, "\(outcome.summary)")
    }
  }

  @Test func deadlineCarriedByCallRunsTheBodyInlineWithTheTargetsClient() async throws {
    try await withRequest(timeout: .milliseconds(100)) { request in
      let outcome = await ProbeExecution.run(request, cachesDescriptors: nil, deadline: .carriedByCall) { execution in
        // No per-run client: the target's own (its default deadline is the target's connect timeout).
        #expect(execution.client.options.timeout == request.client.options.timeout)
        #expect(execution.client.options.timeout != request.spec.timeout)
        // No watchdog either: a body that ignores the deadline is not cut (its calls are expected to carry it).
        try await Task.sleep(for: .milliseconds(400))
        #expect(execution.remaining == .milliseconds(1))
        return ProbeFindings()
      }
      #expect(outcome.sample.success, "\(outcome.summary)")
      #expect(outcome.sample.latency >= 0.4, "\(outcome.summary)")
    }
  }

  @Test func perRunClientCarriesTheProbeTimeout() async throws {
    try await withRequest(timeout: .milliseconds(250)) { request in
      let outcome = await ProbeExecution.run(request) { execution in
        #expect(execution.client.options.timeout == .milliseconds(250))
        return ProbeFindings()
      }
      #expect(outcome.sample.success, "\(outcome.summary)")
    }
  }
}
