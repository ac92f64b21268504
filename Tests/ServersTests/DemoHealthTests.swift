import DemoServices
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtos
import Testing

/// Health, the admin service's counters and the process lifecycle of the demo binary.
@Suite("Demo health, admin and lifecycle")
struct DemoHealthTests {
  typealias Status = Grpc_Health_V1_HealthCheckResponse.ServingStatus

  @Test("Check: the server and its services; --health overrides; unknown → NOT_FOUND; List")
  func check() async throws {
    try await TestEnvironment.withDemo(["--health", "api.users.UserService=NOT_SERVING", "--health", "extra=UNKNOWN"]) {
      server in
      try await TestEnvironment.withClient(server) { client in
        let health = Grpc_Health_V1_Health.Client(wrapping: client)
        func status(_ service: String) async throws -> Status {
          try await health.check(.with { $0.service = service }, options: TestEnvironment.options()).status
        }
        #expect(try await status("") == .serving)
        #expect(try await status("api.orders.OrderService") == .serving)
        #expect(try await status("api.users.UserService") == .notServing)
        #expect(try await status("extra") == .unknown)
        do {
          _ = try await status("nope")
          Issue.record("Check of an unknown service succeeded")
        } catch let error as RPCError {
          #expect(error.code == .notFound)
        }
        let all = try await health.list(.init(), options: TestEnvironment.options()).statuses
        #expect(all.count == 5)
        #expect(all["api.users.UserService"]?.status == .notServing)
      }
    }
  }

  @Test("Watch sees each change made through the admin service, and the watcher is released afterwards")
  func watch() async throws {
    try await TestEnvironment.withDemo { server in
      try await TestEnvironment.withClient(server) { client in
        let health = Grpc_Health_V1_Health.Client(wrapping: client)
        let seen = try await health.watch(
          .with { $0.service = "api.orders.OrderService" }, options: TestEnvironment.options()
        ) { response in
          var statuses: [Status] = []
          for try await message in response.messages {
            statuses.append(message.status)
            switch statuses.count {
            case 1: try await AdminCalls.setHealth(client, "api.orders.OrderService", "NOT_SERVING")
            case 2: try await AdminCalls.setHealth(client, "api.orders.OrderService", "SERVING")
            case 3: try await AdminCalls.setHealth(client, "api.orders.OrderService", "SERVICE_UNKNOWN")
            default: return statuses
            }
          }
          return statuses
        }
        #expect(seen == [.serving, .notServing, .serving, .serviceUnknown])
      }
      // The server notices the cancelled stream asynchronously: poll, bounded.
      var watchers = -1
      for _ in 0..<100 {
        watchers = try await AdminCalls.stats(server)["healthWatchers"] ?? -1
        if watchers == 0 { break }
        try await Task.sleep(for: .milliseconds(20))
      }
      #expect(watchers == 0)
    }
  }

  @Test("Stats: calls and distinct client connections; admin calls are not counted")
  func connectionsAndCalls() async throws {
    try await TestEnvironment.withDemo { server in
      let before = try await AdminCalls.stats(server)
      #expect(before["calls"] == 0 && before["connections"] == 0)
      try await TestEnvironment.withClient(server) { client in
        let users = Api_Users_UserService.Client(wrapping: client)
        for _ in 0..<5 { _ = try await users.getUser(.with { $0.userID = 1 }, options: TestEnvironment.options()) }
      }
      try await TestEnvironment.withClient(server) { client in
        _ = try await Grpc_Health_V1_Health.Client(wrapping: client).check(.init(), options: TestEnvironment.options())
      }
      let after = try await AdminCalls.stats(server)
      #expect(after["calls"] == 6)
      #expect(after["connections"] == 2)
    }
  }

  @Test("SetHealth rejects an unknown status with INVALID_ARGUMENT")
  func adminValidation() async throws {
    try await TestEnvironment.withDemo { server in
      try await TestEnvironment.withClient(server) { client in
        do {
          try await AdminCalls.setHealth(client, "", "SLEEPY")
          Issue.record("SetHealth accepted SLEEPY")
        } catch let error as RPCError {
          #expect(error.code == .invalidArgument)
        }
      }
    }
  }

  @Test("SIGTERM exits 0 promptly, even with a Watch stream open")
  func gracefulExit() async throws {
    let server = try await ServerProcess.start(try TestEnvironment.requireDemoBinary(), ["--port", "0"])
    let watch = Task {
      try await TestEnvironment.withClient(server) { client in
        try await Grpc_Health_V1_Health.Client(wrapping: client).watch(
          .init(), options: TestEnvironment.options(.seconds(20))
        ) { response in
          var count = 0
          for try await _ in response.messages where count < 100 { count += 1 }
          return count
        }
      }
    }
    var watchers = 0
    for _ in 0..<100 where watchers == 0 {
      watchers = try await AdminCalls.stats(server)["healthWatchers"] ?? 0
      if watchers == 0 { try await Task.sleep(for: .milliseconds(20)) }
    }
    #expect(watchers == 1)
    let started = ContinuousClock.now
    let status = await server.stop(timeout: .seconds(10))
    watch.cancel()
    _ = try? await watch.value
    #expect(status == 0, "stderr: \(server.stderr)")
    #expect(ContinuousClock.now - started < .seconds(9))
  }

  @Test("bad flags exit non-zero without listening")
  func badFlags() async throws {
    let binary = try TestEnvironment.requireDemoBinary()
    do {
      _ = try await ServerProcess.start(binary, ["--reflection", "v2"], timeout: .seconds(30))
      Issue.record("the demo started with --reflection v2")
    } catch let failure as TestFailure {
      #expect(failure.description.contains("exited"), "\(failure)")
      #expect(failure.description.contains("--reflection"), "\(failure)")
    }
  }
}
