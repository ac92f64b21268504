import Foundation
import Testing

@testable import ProbeAgent

@Suite struct SystemdNotifierTests {
  @Test(arguments: [false, true])
  func sendsStateMessages(abstract: Bool) throws {
    let socket = try NotifySocket(abstract: abstract)
    let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.address])
    #expect(notifier.isEnabled)
    try notifier.ready(status: "probing 3 targets")
    try notifier.status("line one\nline two")
    try notifier.stopping()
    try notifier.watchdog()
    #expect(
      socket.drain() == [
        "READY=1\nSTATUS=probing 3 targets", "STATUS=line one line two", "STOPPING=1", "WATCHDOG=1",
      ])
  }

  @Test func reloadingCarriesTheMonotonicClock() throws {
    let socket = try NotifySocket()
    let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.address])
    let before = SystemdNotifier.monotonicMicroseconds()
    try notifier.reloading(status: "reloading configuration")
    let after = SystemdNotifier.monotonicMicroseconds()
    let messages = socket.drain()
    #expect(messages.count == 1)
    let fields = Dictionary(
      uniqueKeysWithValues: (messages.first ?? "").split(separator: "\n").map { line in
        let parts = line.split(separator: "=", maxSplits: 1)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
      })
    #expect(fields["RELOADING"] == "1")
    #expect(fields["STATUS"] == "reloading configuration")
    let usec = UInt64(fields["MONOTONIC_USEC"] ?? "") ?? 0
    #expect(usec >= before && usec <= after)
  }

  @Test func withoutNotifySocketEverySendIsANoOp() throws {
    let notifier = SystemdNotifier(environment: [:])
    #expect(!notifier.isEnabled)
    try notifier.ready()
    try notifier.send("WATCHDOG=1")
    #expect(!SystemdNotifier(environment: ["NOTIFY_SOCKET": ""]).isEnabled)
  }

  @Test func unreachableSocketThrowsAnActionableError() {
    let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/tmp/reflectprobe-no-such-socket-\(UUID())"])
    #expect {
      try notifier.ready()
    } throws: { error in
      guard let error = error as? SystemdNotifyError else { return false }
      return error.code == .send && error.message.contains("cannot send to NOTIFY_SOCKET /tmp/reflectprobe-no-such")
    }
    let tooLong = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/tmp/" + String(repeating: "x", count: 200)])
    #expect(throws: SystemdNotifyError.self) { try tooLong.ready() }
  }
}
