import Foundation
import Testing

@testable import AgentConfig

/// One fixture per rejected case (`Fixtures/invalid-*.yaml`), each with the exact messages it must produce,
/// positions included, in file order. `FIXTURES` stands for the fixtures folder's absolute path.
@Suite struct InvalidConfigTests {
  static let cases: [(file: String, messages: [String])] = [
    (
      "invalid-address.yaml",
      [
        #"invalid-address.yaml:3:14: targets[0].address: invalid address "::1:50051": write an IPv6 address in brackets, [::1]:50051"#,
        #"invalid-address.yaml:5:14: targets[1].address: invalid address "127.0.0.1:70000": port must be a number from 1 to 65535"#,
        #"invalid-address.yaml:7:14: targets[2].address: invalid address ":50051": missing host"#,
      ]
    ),
    (
      "invalid-api-settings.yaml",
      [
        #"invalid-api-settings.yaml:3:18: api.require_token: expected true or false, got "no""#,
        #"invalid-api-settings.yaml:4:17: api.public_paths[1]: a path starts with /, got "metrics""#,
      ]
    ),
    (
      "invalid-api-token-and-file.yaml",
      [#"invalid-api-token-and-file.yaml:4:15: api.token_file: set either token or token_file, not both"#]
    ),
    (
      "invalid-assertion-no-check.yaml",
      [
        #"invalid-assertion-no-check.yaml:7:13: modules.get_user.invoke.expect.assertions[0]: an assertion needs one check: equals, not_equals, exists, matches, gt, ge, lt, le"#
      ]
    ),
    (
      "invalid-assertion-path.yaml",
      [
        #"invalid-assertion-path.yaml:7:20: modules.get_user.invoke.expect.assertions[0].path: invalid path "items[x].id": expected names separated by dots, with optional [index] (e.g. items[0].id)"#,
        #"invalid-assertion-path.yaml:8:20: modules.get_user.invoke.expect.assertions[1].path: invalid path "a..b": expected names separated by dots, with optional [index] (e.g. items[0].id)"#,
      ]
    ),
    (
      "invalid-assertion-two-checks.yaml",
      [
        #"invalid-assertion-two-checks.yaml:7:52: modules.get_user.invoke.expect.assertions[0]: an assertion has exactly one check, found equals and matches"#
      ]
    ),
    (
      "invalid-duplicate-probe.yaml",
      [
        #"invalid-duplicate-probe.yaml:7:16: targets[0].probes[2].name: duplicate probe name "health" in this target (first at line 5)"#
      ]
    ),
    (
      "invalid-duplicate-target.yaml",
      [
        #"invalid-duplicate-target.yaml:6:11: targets[2].name: duplicate target name "demo" (first at line 2)"#
      ]
    ),
    (
      "invalid-duplicate-yaml-key.yaml",
      [
        #"invalid-duplicate-yaml-key.yaml:4:3: duplicate key "interval" (first at line 2): a key may appear only once in a mapping"#
      ]
    ),
    (
      "invalid-duration-empty.yaml",
      [
        #"invalid-duration-empty.yaml:3:10: global.retention.raw: empty duration (write e.g. 30s, 5m, 1h30m)"#
      ]
    ),
    (
      "invalid-duration-fraction.yaml",
      [
        #"invalid-duration-fraction.yaml:4:14: modules.health.timeout: invalid duration "1.5s": fractions are not allowed, use a smaller unit (1500ms, not 1.5s)"#
      ]
    ),
    (
      "invalid-duration-too-long.yaml",
      [
        #"invalid-duration-too-long.yaml:5:46: targets[0].probes[0].interval: invalid duration "1000y": too long (at most 292y)"#
      ]
    ),
    (
      "invalid-duration-negative.yaml",
      [
        #"invalid-duration-negative.yaml:2:26: global.shutdown_grace_period: invalid duration "-1s": durations cannot be negative"#
      ]
    ),
    (
      "invalid-duration-no-unit.yaml",
      [
        #"invalid-duration-no-unit.yaml:2:13: global.interval: invalid duration "10": missing unit (one of ms, s, m, h, d, w, y), e.g. 10s"#
      ]
    ),
    (
      "invalid-env-unset.yaml",
      [
        #"invalid-env-unset.yaml:5:18: targets[0].metadata.x-api-key: environment variable MISSING_API_KEY is not set (set it, or write ${MISSING_API_KEY:-default})"#
      ]
    ),
    (
      "invalid-global-timeout.yaml",
      [
        #"invalid-global-timeout.yaml:3:12: global.timeout: timeout 1m must be less than interval 10s"#
      ]
    ),
    (
      "invalid-label-name.yaml",
      [
        #"invalid-label-name.yaml:5:7: targets[0].labels.target: label name "target" is reserved (the agent sets code, kind, le, module, phase, probe, quantile, serving_status, target, window)"#,
        #"invalid-label-name.yaml:6:7: targets[0].labels.bad-label: invalid label name "bad-label": use [a-zA-Z_][a-zA-Z0-9_]*, not starting with __"#,
        #"invalid-label-name.yaml:7:7: targets[0].labels.__meta: invalid label name "__meta": use [a-zA-Z_][a-zA-Z0-9_]*, not starting with __"#,
      ]
    ),
    (
      "invalid-listen.yaml",
      [
        #"invalid-listen.yaml:2:11: global.listen: invalid address "localhost": missing :port"#
      ]
    ),
    (
      "invalid-many-errors.yaml",
      [
        #"invalid-many-errors.yaml:3:13: global.interval: invalid duration "30": missing unit (one of ms, s, m, h, d, w, y), e.g. 30s"#,
        #"invalid-many-errors.yaml:4:11: global.listen: invalid address "127.0.0.1": missing :port"#,
        #"invalid-many-errors.yaml:9:27: targets[0].probes[0].module: unknown module "nope"; no modules are defined"#,
        #"invalid-many-errors.yaml:10:36: targets[0].probes[1].invoke.method: invalid method "x": expected package.Service/Method (or package.Service.Method)"#,
        #"invalid-many-errors.yaml:10:54: targets[0].probes[1].invoke.expect.code: unknown status code "BAD"; known: OK, CANCELLED, UNKNOWN, INVALID_ARGUMENT, DEADLINE_EXCEEDED, NOT_FOUND, ALREADY_EXISTS, PERMISSION_DENIED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION, ABORTED, OUT_OF_RANGE, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS, UNAUTHENTICATED"#,
        #"invalid-many-errors.yaml:11:5: targets[1]: missing required key "address""#,
        #"invalid-many-errors.yaml:11:11: targets[1].name: duplicate target name "demo" (first at line 6)"#,
        #"invalid-many-errors.yaml:12:5: targets[1]: unknown key "adress" (did you mean "address"?)"#,
      ]
    ),
    (
      "invalid-max-responses.yaml",
      [
        #"invalid-max-responses.yaml:5:22: modules.list.invoke.max_responses: must be at least 1, got 0"#
      ]
    ),
    (
      "invalid-method.yaml",
      [
        #"invalid-method.yaml:5:36: targets[0].probes[0].invoke.method: invalid method "GetUser": expected package.Service/Method (or package.Service.Method)"#,
        #"invalid-method.yaml:6:36: targets[0].probes[1].invoke.method: invalid method "api.users.UserService/Get-User": expected package.Service/Method (or package.Service.Method)"#,
        #"invalid-method.yaml:7:27: targets[0].probes[2].invoke: missing required key "method""#,
      ]
    ),
    (
      "invalid-missing-name-and-address.yaml",
      [
        #"invalid-missing-name-and-address.yaml:2:5: targets[0]: missing required key "name""#,
        #"invalid-missing-name-and-address.yaml:2:5: targets[0]: missing required key "address""#,
      ]
    ),
    (
      "invalid-module-and-kind.yaml",
      [
        #"invalid-module-and-kind.yaml:9:9: targets[0].probes[0]: a probe has either a module or its own health, not both"#
      ]
    ),
    (
      "invalid-module-timeout.yaml",
      [
        #"invalid-module-timeout.yaml:4:15: modules.fast.interval: timeout 10s must be less than interval 5s"#
      ]
    ),
    (
      "invalid-probe-without-kind.yaml",
      [
        #"invalid-probe-without-kind.yaml:5:9: targets[0].probes[0]: a probe needs a module or one of health, discovery, invoke"#
      ]
    ),
    (
      "invalid-protoset-missing.yaml",
      [
        #"invalid-protoset-missing.yaml:4:44: targets[0].protoset[1]: cannot read protoset FIXTURES/files/missing.protoset: No such file or directory"#
      ]
    ),
    (
      "invalid-reflection-without-protoset.yaml",
      [
        #"invalid-reflection-without-protoset.yaml:4:17: targets[0].reflection: reflection: false needs protoset files to describe the services"#
      ]
    ),
    (
      "invalid-regex.yaml",
      [
        #"invalid-regex.yaml:7:36: modules.get_user.invoke.expect.assertions[0].matches: invalid regular expression "(unclosed" (ICU syntax)"#
      ]
    ),
    (
      "invalid-request-json.yaml",
      [
        #"invalid-request-json.yaml:5:16: modules.a.invoke.request: request is not valid JSON (write a YAML mapping, or a JSON object as a quoted string)"#,
        #"invalid-request-json.yaml:9:16: modules.b.invoke.request: request must be a JSON object ({...})"#,
      ]
    ),
    (
      "invalid-root-not-mapping.yaml",
      [
        #"invalid-root-not-mapping.yaml:1:1: expected a mapping with global, modules and targets, got a sequence"#
      ]
    ),
    (
      "invalid-secret-file.yaml",
      [
        #"invalid-secret-file.yaml:5:29: targets[0].metadata.authorization.file: cannot read secret file FIXTURES/files/no-such-token: No such file or directory"#
      ]
    ),
    (
      "invalid-sharding-index.yaml",
      [
        #"invalid-sharding-index.yaml:2:31: global.sharding.index: must be less than total (2), got 2"#
      ]
    ),
    (
      "invalid-sharding-total.yaml",
      [
        #"invalid-sharding-total.yaml:3:12: global.sharding.total: must be at least 1, got 0"#
      ]
    ),
    (
      "invalid-status-code.yaml",
      [
        #"invalid-status-code.yaml:6:22: modules.missing_user.invoke.expect.code: unknown status code "NOTFOUND"; known: OK, CANCELLED, UNKNOWN, INVALID_ARGUMENT, DEADLINE_EXCEEDED, NOT_FOUND, ALREADY_EXISTS, PERMISSION_DENIED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION, ABORTED, OUT_OF_RANGE, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS, UNAUTHENTICATED"#,
        #"invalid-status-code.yaml:10:22: modules.bad_number.invoke.expect.code: status code must be 0 to 16, got 17"#,
      ]
    ),
    (
      "invalid-timeout-not-below-interval.yaml",
      [
        #"invalid-timeout-not-below-interval.yaml:5:44: targets[0].probes[0].interval: timeout 10s must be less than interval 5s"#,
        #"invalid-timeout-not-below-interval.yaml:6:59: targets[0].probes[1].timeout: timeout 15s must be less than interval 15s"#,
      ]
    ),
    (
      "invalid-tls-cert-without-key.yaml",
      [
        #"invalid-tls-cert-without-key.yaml:5:7: targets[0].tls: cert_file needs key_file (a client certificate needs both)"#
      ]
    ),
    (
      "invalid-two-kinds.yaml",
      [
        #"invalid-two-kinds.yaml:4:5: modules.both: a module has exactly one kind, found health and discovery"#,
        #"invalid-two-kinds.yaml:9:38: targets[0].probes[0]: a probe has exactly one kind, found discovery and invoke"#,
      ]
    ),
    (
      "invalid-unknown-key-no-suggestion.yaml",
      [
        #"invalid-unknown-key-no-suggestion.yaml:7:9: targets[0].probes[0]: unknown key "colour"; known keys: name, module, health, discovery, invoke, interval, timeout, labels"#
      ]
    ),
    (
      "invalid-unknown-key.yaml",
      [
        #"invalid-unknown-key.yaml:3:3: global: unknown key "intervall" (did you mean "interval"?)"#
      ]
    ),
    (
      "invalid-unknown-module.yaml",
      [
        #"invalid-unknown-module.yaml:8:32: targets[0].probes[0].module: unknown module "grpc_healht" (did you mean "grpc_health"?); known modules: get_user, grpc_health"#,
        #"invalid-unknown-module.yaml:9:32: targets[0].probes[1].module: unknown module "orders"; known modules: get_user, grpc_health"#,
      ]
    ),
    (
      "invalid-unknown-top-level-key.yaml",
      [
        #"invalid-unknown-top-level-key.yaml:2:1: unknown key "target" (did you mean "targets"?)"#
      ]
    ),
    (
      "invalid-wrong-type-bool.yaml",
      [
        #"invalid-wrong-type-bool.yaml:4:17: targets[0].reflection: expected true or false, got "maybe""#
      ]
    ),
    (
      "invalid-wrong-type-int.yaml",
      [
        #"invalid-wrong-type-int.yaml:2:26: global.max_concurrent_probes: expected an integer, got "many""#
      ]
    ),
    (
      "invalid-wrong-type-mapping.yaml",
      [
        #"invalid-wrong-type-mapping.yaml:4:13: targets[0].labels: expected a mapping, got a sequence"#
      ]
    ),
    (
      "invalid-yaml-syntax.yaml",
      [
        #"invalid-yaml-syntax.yaml:3:2: invalid YAML: did not find expected key (while parsing a block mapping at line 1)"#
      ]
    ),
  ]

  @Test(arguments: cases)
  func rejectedWithExactMessages(file: String, messages: [String]) {
    do {
      _ = try Fixtures.load(file)
      Issue.record("\(file) loaded without errors")
    } catch {
      let actual = error.errors.map { $0.description.replacingOccurrences(of: Fixtures.directory, with: "FIXTURES") }
      #expect(actual == messages)
    }
  }

  @Test func everyInvalidFixtureHasACase() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.directory).filter {
      $0.hasPrefix("invalid-")
    }
    #expect(Set(files) == Set(Self.cases.map(\.file)))
    #expect(Self.cases.count >= 20)
  }
}
