import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import ProbeAgent

@Suite struct WatchdogServiceTests {
  @Test func intervalIsHalfTheTimeoutForThisProcess() {
    let pid = getpid()
    #expect(WatchdogService.interval(environment: ["WATCHDOG_USEC": "30000000"], pid: pid) == .seconds(15))
    #expect(
      WatchdogService.interval(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "\(pid)"], pid: pid)
        == .seconds(15))
    #expect(
      WatchdogService.interval(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "\(pid + 1)"], pid: pid)
        == nil)
    #expect(WatchdogService.interval(environment: ["WATCHDOG_USEC": "0"], pid: pid) == nil)
    #expect(WatchdogService.interval(environment: ["WATCHDOG_USEC": "soon"], pid: pid) == nil)
    #expect(WatchdogService.interval(environment: [:], pid: pid) == nil)
  }

  @Test func pingsWhileHealthyAndStopsOnGracefulShutdown() async throws {
    let socket = try NotifySocket()
    let healthy = Mutex(true)
    let service = WatchdogService(
      environment: ["NOTIFY_SOCKET": socket.address, "WATCHDOG_USEC": "200000", "WATCHDOG_PID": "\(getpid())"],
      healthy: { healthy.withLock { $0 } })
    #expect(service.interval == .milliseconds(100))
    var logger = Logger(label: "watchdog.test")
    logger.logLevel = .warning
    let group = ServiceGroup(services: [service], logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { tasks in
      tasks.addTask { try await group.run() }
      let pings = try await socket.collect(atLeast: 3, within: 10)
      #expect(pings.count >= 3)
      #expect(pings.allSatisfy { $0 == "WATCHDOG=1" })

      // Unhealthy: pings stop (one may already be on its way).
      healthy.withLock { $0 = false }
      try await Task.sleep(for: .milliseconds(300))
      _ = socket.drain()
      try await Task.sleep(for: .milliseconds(500))
      #expect(socket.drain().isEmpty)

      healthy.withLock { $0 = true }
      #expect(try await socket.collect(atLeast: 1, within: 10).count >= 1)

      let start = ContinuousClock.now
      await group.triggerGracefulShutdown()
      try await tasks.waitForAll()
      #expect(ContinuousClock.now - start < .seconds(5))
    }
  }

  @Test func withoutWatchdogItWaitsForShutdown() async throws {
    let socket = try NotifySocket()
    let service = WatchdogService(environment: ["NOTIFY_SOCKET": socket.address], healthy: { true })
    #expect(service.interval == nil)
    let group = ServiceGroup(services: [service], logger: Logger(label: "watchdog.test"))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
      tasks.addTask { try await group.run() }
      try await Task.sleep(for: .milliseconds(200))
      await group.triggerGracefulShutdown()
      try await tasks.waitForAll()
    }
    #expect(socket.drain().isEmpty)
  }
}
