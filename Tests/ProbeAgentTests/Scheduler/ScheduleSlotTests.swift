import Foundation
import Testing

@testable import ProbeAgent

@Suite struct ScheduleSlotTests {
  @Test func offsetIsStableAndWithinTheInterval() {
    let a = ScheduleSlot(identity: "demo/health", interval: .seconds(30))
    let b = ScheduleSlot(identity: "demo/health", interval: .seconds(30))
    #expect(a == b)
    #expect(a.offset >= .zero && a.offset < .seconds(30))
  }

  @Test func identitiesSpreadOverTheInterval() {
    let offsets = (0..<1000).map { ScheduleSlot(identity: "t\($0)/health", interval: .seconds(10)).offset }
    let tenths = Set(offsets.map { Int(ScheduleSlot.nanoseconds($0) / 1_000_000_000) })
    #expect(tenths.count == 10, "1,000 probes land in every second of a 10 s interval")
  }

  @Test func nextSlotsAreOneIntervalApartOnTheSamePhase() {
    let slot = ScheduleSlot(identity: "x/y", interval: .milliseconds(1500))
    let start = Date(timeIntervalSince1970: 1_700_000_000.123)
    let first = slot.next(after: start)
    let second = slot.next(after: first)
    #expect(first > start && first.timeIntervalSince(start) <= 1.5)
    #expect(abs(second.timeIntervalSince(first) - 1.5) < 1e-6)
    let phase = (first.timeIntervalSince1970 * 1000).rounded().truncatingRemainder(dividingBy: 1500)
    #expect(abs(phase - Double(ScheduleSlot.nanoseconds(slot.offset) / 1_000_000)) <= 1)
    #expect(slot.next(after: first, inclusive: true) == first)
  }

  @Test func countsWholeSlotsMissed() {
    let slot = ScheduleSlot(identity: "x/y", interval: .seconds(10))
    let base = slot.next(after: Date(timeIntervalSince1970: 1_700_000_000))
    #expect(slot.slotsMissed(after: base, before: base.addingTimeInterval(9.9)) == 0)
    #expect(slot.slotsMissed(after: base, before: base.addingTimeInterval(10)) == 1)
    #expect(slot.slotsMissed(after: base, before: base.addingTimeInterval(35)) == 3)
    #expect(slot.slotsMissed(after: base, before: base.addingTimeInterval(-5)) == 0)
  }

  @Test func shardsSplitTargetsWithoutOverlap() {
    let names = (0..<300).map { "target-\($0)" }
    var owners = [Int](repeating: 0, count: names.count)
    for index in 0..<3 {
      for (position, name) in names.enumerated()
      where TargetShard.owns(name, sharding: .init(total: 3, index: index)) {
        owners[position] += 1
      }
    }
    #expect(owners.allSatisfy { $0 == 1 }, "every target belongs to exactly one of 3 agents")
    #expect(names.allSatisfy { TargetShard.owns($0, sharding: nil) })
  }
}
