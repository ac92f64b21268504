import Foundation
import Testing

@testable import ProbeStore

@Suite(.timeLimit(.minutes(3))) struct ConcurrencyTests {
  @Test func readersRunWhileTheWriterCommits() async throws {
    let dir = try TemporaryDirectory()
    let keys = (0..<10).map { ProbeKey(target: "t\($0 % 3)", probe: "p\($0)") }
    let perProbe = 500
    let writing = Flag(true)
    let reads = Counter()
    try await withRunningStore(dir.path(), batchSize: 100) { store in
      try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
          for i in 0..<perProbe {
            for key in keys { await store.record(sample(key, baseTime.addingTimeInterval(Double(i) * 10))) }
          }
          try await store.flush()
          writing.set(false)
        }
        for reader in 0..<2 {
          group.addTask {
            var previous = 0
            // Bounded: stops when the writer is done, or after 20,000 rounds.
            for _ in 0..<20_000 where writing.isSet {
              let key = keys[reader]
              let history = try await store.history(
                key, from: baseTime, to: baseTime.addingTimeInterval(3 * 3600), step: nil)
              #expect(history.resolution == .raw)
              // Each read sees a committed prefix: it never shrinks.
              #expect(history.points.count >= previous)
              previous = history.points.count
              _ = try await store.lastSamples()
              _ = try await store.availability(key, since: baseTime)
              reads.increment()
            }
          }
        }
        try await group.waitForAll()
      }
      let history = try await store.history(
        keys[0], from: baseTime, to: baseTime.addingTimeInterval(3 * 3600), step: nil)
      #expect(history.points.count == perProbe)
    }
    #expect(reads.count > 0)
    #expect(try Inspector(dir.path()).count("samples") == keys.count * perProbe)
  }
}
