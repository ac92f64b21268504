import Foundation
import Testing

@testable import ProbeStore

@Suite(.timeLimit(.minutes(2))) struct QueryTests {
  let key = ProbeKey(target: "api", probe: "get-user")
  let other = ProbeKey(target: "api", probe: "health")

  /// 00:00:00–00:01:30 every 10 s (10 runs, every 4th failing) and one run a day later.
  func fill(_ store: SQLiteHistoryStore) async throws {
    for i in 0..<10 {
      await store.record(
        sample(key, baseTime.addingTimeInterval(Double(i * 10)), success: i % 4 != 3, latency: Double(i + 1) / 100))
      await store.record(sample(other, baseTime.addingTimeInterval(Double(i * 10))))
    }
    await store.record(sample(key, baseTime.addingTimeInterval(86400), latency: 2))
    try await store.flush()
  }

  @Test func resolutionFollowsTheRange() {
    #expect(HistoryResolution.forRange(3600) == .raw)
    #expect(HistoryResolution.forRange(6 * 3600) == .raw)
    #expect(HistoryResolution.forRange(6 * 3600 + 1) == .minute)
    #expect(HistoryResolution.forRange(7 * 86400) == .minute)
    #expect(HistoryResolution.forRange(7 * 86400 + 1) == .hour)
    #expect(HistoryResolution.forStep(30) == .raw)
    #expect(HistoryResolution.forStep(60) == .minute)
    #expect(HistoryResolution.forStep(7200) == .hour)
  }

  @Test func historyWithoutStep() async throws {
    let dir = try TemporaryDirectory()
    try await withRunningStore(dir.path()) { store in
      try await fill(store)

      let raw = try await store.history(key, from: baseTime, to: baseTime.addingTimeInterval(3600), step: nil)
      #expect(raw.resolution == .raw)
      #expect(raw.points.count == 10)
      #expect(raw.points.map(\.time) == (0..<10).map { baseTime.addingTimeInterval(Double($0 * 10)) })
      #expect(
        raw.points[3]
          == HistoryPoint(
            time: baseTime.addingTimeInterval(30), count: 1, successes: 0, latencySum: 0.04, latencyMin: 0.04,
            latencyMax: 0.04))
      // `to` is inclusive, `from` too.
      let edge = try await store.history(
        key, from: baseTime.addingTimeInterval(10), to: baseTime.addingTimeInterval(30), step: nil)
      #expect(edge.points.count == 3)

      let minute = try await store.history(key, from: baseTime, to: baseTime.addingTimeInterval(2 * 86400), step: nil)
      #expect(minute.resolution == .minute)
      #expect(minute.points.map(\.count) == [6, 4, 1])
      #expect(minute.points.map(\.successes) == [5, 3, 1])
      #expect(minute.points[0].time == baseTime)
      #expect(abs(minute.points[0].latencySum - 0.21) < 1e-9)
      #expect(minute.points[1].latencyMin == 0.07)
      #expect(minute.points[1].latencyMax == 0.1)

      // A range starting mid-minute still gets that minute's row (whole buckets overlapping the range).
      let midMinute = try await store.history(
        key, from: baseTime.addingTimeInterval(30), to: baseTime.addingTimeInterval(86400), step: nil)
      #expect(midMinute.resolution == .minute)
      #expect(midMinute.points.map(\.count) == [6, 4, 1])

      let hour = try await store.history(key, from: baseTime, to: baseTime.addingTimeInterval(30 * 86400), step: nil)
      #expect(hour.resolution == .hour)
      #expect(hour.points.map(\.count) == [10, 1])
      #expect(hour.points.map(\.time) == [baseTime, baseTime.addingTimeInterval(86400)])

      let unknown = try await store.history(
        ProbeKey(target: "x", probe: "y"), from: baseTime, to: baseTime.addingTimeInterval(60), step: nil)
      #expect(unknown.points.isEmpty)
    }
  }

  @Test func historyWithStep() async throws {
    let dir = try TemporaryDirectory()
    try await withRunningStore(dir.path()) { store in
      try await fill(store)
      let oneHour = baseTime.addingTimeInterval(3600)

      // Raw rows into 30 s buckets.
      let raw = try await store.history(key, from: baseTime, to: oneHour, step: 30)
      #expect(raw.resolution == .raw)
      #expect(raw.points.map(\.count) == [3, 3, 3, 1])
      #expect(raw.points.map(\.successes) == [3, 2, 2, 1])
      #expect(raw.points.map(\.time) == [0, 30, 60, 90].map { baseTime.addingTimeInterval($0) })
      #expect(abs(raw.points[1].latencySum - 0.15) < 1e-9)
      #expect(raw.points[1].latencyMin == 0.04 && raw.points[1].latencyMax == 0.06)

      // A short range stays on raw rows whatever the step: 90 s buckets.
      let raw90 = try await store.history(key, from: baseTime, to: oneHour, step: 90)
      #expect(raw90.resolution == .raw)
      #expect(raw90.points.map(\.count) == [9, 1])

      // On minute rows a 90 s step rounds up to 120 s.
      let minute = try await store.history(key, from: baseTime, to: baseTime.addingTimeInterval(2 * 86400), step: 90)
      #expect(minute.resolution == .minute)
      #expect(minute.points.map(\.time) == [baseTime, baseTime.addingTimeInterval(86400)])
      #expect(minute.points[0].count == 10 && minute.points[0].successes == 8)
      #expect(minute.points[0].latencyMin == 0.01 && minute.points[0].latencyMax == 0.1)

      // A 2-day range picks minute rows; a daily step sums them per UTC day.
      let daily = try await store.history(key, from: baseTime, to: baseTime.addingTimeInterval(2 * 86400), step: 86400)
      #expect(daily.resolution == .minute)
      #expect(daily.points.map(\.count) == [10, 1])
      #expect(daily.points.map(\.time) == [baseTime, baseTime.addingTimeInterval(86400)])

      // A 30-day range with an hourly step stays on hours.
      let hourly = try await store.history(key, from: baseTime, to: baseTime.addingTimeInterval(30 * 86400), step: 3600)
      #expect(hourly.resolution == .hour)
      #expect(hourly.points.map(\.count) == [10, 1])

      await #expect(throws: StoreError.self) { _ = try await store.history(key, from: baseTime, to: oneHour, step: 0) }
      await #expect(throws: StoreError.self) {
        _ = try await store.history(key, from: baseTime, to: oneHour, step: .nan)
      }
    }
  }

  @Test func availabilityByWindow() async throws {
    let dir = try TemporaryDirectory()
    let now = Date()
    try await withRunningStore(dir.path()) { store in
      // Last 30 minutes: 30 runs, 3 failed. Two days ago: 10 runs, all failed.
      for i in 0..<30 {
        await store.record(sample(key, now.addingTimeInterval(-Double(i * 60 + 30)), success: i % 10 != 0))
      }
      for i in 0..<10 {
        await store.record(sample(key, now.addingTimeInterval(-2 * 86400 + Double(i)), success: false))
      }
      await store.record(sample(other, now.addingTimeInterval(-10)))
      try await store.flush()

      let hour = try await store.availability(key, since: now.addingTimeInterval(-3600))
      #expect(hour.count == 30 && hour.successes == 27)
      let day = try await store.availability(key, since: now.addingTimeInterval(-86400))
      #expect(day.count == 30 && day.successes == 27)
      let month = try await store.availability(key, since: now.addingTimeInterval(-30 * 86400))
      #expect(month.count == 40 && month.successes == 27)
      let none = try await store.availability(ProbeKey(target: "x", probe: "y"), since: now.addingTimeInterval(-3600))
      #expect(none.count == 0 && none.successes == 0)

      let all = try await store.availability(since: now.addingTimeInterval(-3600))
      #expect(all.count == 2)
      #expect(all[key]?.count == 30 && all[other]?.successes == 1)
    }
  }

  @Test func availabilityIsExactAtAnyWindowStart() async throws {
    // Every 7 s for 3 h from 13 s past an hour, every 5th failing: windows starting mid-minute, mid-hour, on a
    // minute and on an hour must count exactly the samples at or after their start (rollups + raw edge).
    let dir = try TemporaryDirectory()
    let start = Date(timeIntervalSince1970: 1_764_000_000 - 1_764_000_000.truncatingRemainder(dividingBy: 3600) + 13)
    let times = (0..<1543).map { start.addingTimeInterval(Double($0 * 7)) }
    try await withRunningStore(dir.path()) { store in
      for (index, time) in times.enumerated() { await store.record(sample(key, time, success: index % 5 != 4)) }
      try await store.flush()
      for offset in [0.0, 1, 47, 60, 61, 3587, 3600, 3601.5, 5000, 7199, 7200, 10_700, 20_000] {
        let since = start.addingTimeInterval(offset - 13)
        let expected = times.enumerated().filter { $0.element >= since }
        let answer = try await store.availability(key, since: since)
        #expect(answer.count == expected.count, "since +\(offset) s")
        #expect(answer.successes == expected.filter { $0.offset % 5 != 4 }.count, "since +\(offset) s")
        let all = try await store.availability(since: since)
        #expect(all[key]?.count == (expected.isEmpty ? nil : expected.count), "since +\(offset) s")
      }
    }
  }

  @Test func snapshotsAreStoredOnlyWhenTheHashChanges() async throws {
    let dir = try TemporaryDirectory()
    try await withRunningStore(dir.path()) { store in
      #expect(try await store.latestSnapshot(target: "api") == nil)
      let first = SchemaSnapshot(target: "api", time: baseTime, hash: "h1", json: #"{"services":[]}"#)
      try await store.saveSnapshot(first)
      try await store.saveSnapshot(
        SchemaSnapshot(target: "api", time: baseTime.addingTimeInterval(60), hash: "h1", json: "{}"))
      #expect(try await store.latestSnapshot(target: "api") == first)
      let second = SchemaSnapshot(target: "api", time: baseTime.addingTimeInterval(120), hash: "h2", json: "{\"v\":2}")
      try await store.saveSnapshot(second)
      try await store.saveSnapshot(SchemaSnapshot(target: "other", time: baseTime, hash: "h2", json: "{}"))
      #expect(try await store.latestSnapshot(target: "api") == second)
      // Back to the first schema: differs from the latest, so it is stored again.
      let third = SchemaSnapshot(target: "api", time: baseTime.addingTimeInterval(180), hash: "h1", json: "{}")
      try await store.saveSnapshot(third)
      #expect(try await store.latestSnapshot(target: "api") == third)
    }
    let inspector = try Inspector(dir.path())
    #expect(try inspector.count("schema_snapshots", "target = 'api'") == 3)
    #expect(try inspector.count("schema_snapshots", "target = 'other'") == 1)
  }

  @Test func driftEventsNewestFirstWithLimit() async throws {
    let dir = try TemporaryDirectory()
    try await withRunningStore(dir.path()) { store in
      let events = (0..<5).map { i in
        DriftEvent(
          target: "api", time: baseTime.addingTimeInterval(Double(i * 60)),
          kind: i.isMultiple(of: 2) ? .additive : .breaking,
          detail: "change \(i)")
      }
      try await store.recordDrift(Array(events.prefix(3)))
      try await store.recordDrift(Array(events.suffix(2)))
      try await store.recordDrift([])
      let all = try await store.driftEvents(since: baseTime, limit: 100)
      #expect(all == events.reversed())
      let recent = try await store.driftEvents(since: baseTime.addingTimeInterval(60), limit: 2)
      #expect(recent.map(\.detail) == ["change 4", "change 3"])
      #expect(try await store.driftEvents(since: baseTime.addingTimeInterval(3600), limit: 10).isEmpty)
      #expect(try await store.driftEvents(since: baseTime, limit: 0).isEmpty)
    }
  }
}
