import Foundation

/// Keeps every message the agent sent to a ``NotifySocket`` and waits for particular ones, in order.
final class NotifyRecorder {
  let socket: NotifySocket
  private(set) var messages: [String] = []

  init() throws { socket = try NotifySocket() }

  /// The `NOTIFY_SOCKET` value to give the agent.
  var address: String { socket.address }

  /// Waits (bounded) for a message with the whole line `line` after message `index`; returns its index.
  @discardableResult
  func waitFor(_ line: String, after index: Int = -1, within timeout: Duration = .seconds(20)) async throws -> Int {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      messages += socket.drain()
      if let found = messages.indices.first(where: {
        $0 > index && messages[$0].split(separator: "\n").contains(Substring(line))
      }) {
        return found
      }
      try await Task.sleep(for: .milliseconds(20))
    }
    throw PeerError("no \(line) within \(timeout); got \(messages)")
  }
}
