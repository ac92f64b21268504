import Dispatch
import Foundation

/// Turns SIGTERM/SIGINT into an async event: the default handlers are replaced, so the process survives the signal
/// and shuts down in order. (`@unchecked`: the sources are immutable after init; Dispatch sources are thread-safe.)
final class SignalWatcher: @unchecked Sendable {
  private let sources: [any DispatchSourceSignal]
  private let stream: AsyncStream<Int32>

  init(signals: [Int32]) {
    let queue = DispatchQueue(label: "reflectprobe-demo.signals")
    let (stream, continuation) = AsyncStream.makeStream(of: Int32.self, bufferingPolicy: .bufferingNewest(4))
    self.stream = stream
    sources = signals.map { number in
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
      source.setEventHandler { continuation.yield(number) }
      source.resume()
      return source
    }
  }

  /// Waits for the next signal (or returns -1 if the task is cancelled).
  func next() async -> Int32 {
    var iterator = stream.makeAsyncIterator()
    return await iterator.next() ?? -1
  }

  func stop() { sources.forEach { $0.cancel() } }
}
