import Foundation
import Testing

@testable import DynamicProto

/// Seeded, bounded fuzzing of the decoders with mutated corpus inputs: every input must decode or throw a
/// ``ProtoError`` (a crash fails the run), and whatever decodes must re-encode to bytes we decode again.
@Suite struct FuzzTests {
  static let binarySeed: UInt64 = 0x5EED_B1A7
  static let binaryIterations = 80_000

  /// The seeds' types in a fixed order (a Set's order changes from run to run, which would change the inputs).
  static func distinctTypes(_ seeds: [(MessageDescriptor, [UInt8])]) -> [MessageDescriptor] {
    var seen = Set<String>()
    return seeds.map(\.0).filter { seen.insert($0.fullName).inserted }
  }

  /// Corpus messages with a small binary encoding: (type, bytes).
  static func binarySeeds(_ corpus: OracleCorpus) throws -> [(MessageDescriptor, [UInt8])] {
    try corpus.cases("message").filter { ($0.binary?.count ?? 0) <= 800 }
      .map { (try corpus.descriptor($0), $0.binaryBytes) }
  }

  @Test func binaryDecoderSurvivesMutatedInputs() throws {
    let corpus = try DifferentialTests.corpus()
    let seeds = try Self.binarySeeds(corpus)
    try #require(seeds.count >= 100, "only \(seeds.count) small corpus encodings")
    let types = Self.distinctTypes(seeds)
    var mutator = Mutator(seed: Self.binarySeed)
    var outcome = FuzzOutcome(name: "binary decoder")
    let clock = ContinuousClock()
    let start = clock.now
    for i in 0..<Self.binaryIterations {
      let (type, original) = seeds[i % seeds.count]
      let other = seeds[mutator.rng.below(seeds.count)].1
      let input = mutator.mutateBinary(original, other: other)
      let target = mutator.rng.oneIn(8) ? mutator.rng.pick(types) : type
      outcome.check(target, input, iteration: i)
    }
    for (type, input) in Self.hostileBinaryInputs(corpus) { outcome.check(type, input, iteration: -1) }
    outcome.finish(elapsed: clock.now - start)
  }

  /// Deep nesting and huge lengths, beyond what mutation reaches.
  static func hostileBinaryInputs(_ corpus: OracleCorpus) -> [(MessageDescriptor, [UInt8])] {
    guard let scalars = corpus.pool.message(named: "corpus.scalars3.Scalars"),
      let tree = corpus.pool.message(named: "corpus.recursive.TreeNode")
    else { return [] }
    func nest(_ field: UInt8, _ depth: Int, unknownGroups: Bool = false) -> [UInt8] {
      if unknownGroups {  // nested unknown groups: field 50 start-group tags (0x93 0x03), then end-group tags
        return Array(repeating: [0x93, 0x03] as [UInt8], count: depth).flatMap { $0 }
          + Array(repeating: [0x94, 0x03] as [UInt8], count: depth).flatMap { $0 }
      }
      var bytes: [UInt8] = [0x08, 0x01]
      for _ in 0..<depth {
        var length = bytes.count
        var prefix: [UInt8] = [field << 3 | 2]
        while length >= 0x80 { prefix.append(UInt8(length & 0x7F) | 0x80); length >>= 7 }
        prefix.append(UInt8(length))
        bytes = prefix + bytes
      }
      return bytes
    }
    return [(scalars, nest(17, 99)), (scalars, nest(17, 100)), (scalars, nest(17, 101)), (scalars, nest(17, 3000)),
            (tree, nest(3, 2000)), (scalars, nest(0, 5000, unknownGroups: true)),
            (scalars, [0x7A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]), (scalars, [0x7A] + Array(repeating: 0xFF, count: 20))]
  }
}

/// The JSON half of the fuzz suite.
extension FuzzTests {
  static let jsonSeed: UInt64 = 0x5EED_0150
  static let jsonIterations = 40_000

  @Test func jsonDecoderSurvivesMutatedInputs() throws {
    let corpus = try DifferentialTests.corpus()
    var seeds: [(MessageDescriptor, [UInt8])] = []
    for c in corpus.cases("message") {
      guard let input = c.inputs?.first(where: { $0.text.utf8.count <= 1200 }) else { continue }
      seeds.append((try corpus.descriptor(c), Array(input.text.utf8)))
    }
    try #require(seeds.count >= 100, "only \(seeds.count) small corpus JSON texts")
    let types = Self.distinctTypes(seeds)
    var mutator = Mutator(seed: Self.jsonSeed)
    var outcome = FuzzOutcome(name: "JSON decoder")
    let clock = ContinuousClock()
    let start = clock.now
    for i in 0..<Self.jsonIterations {
      let (type, original) = seeds[i % seeds.count]
      let other = seeds[mutator.rng.below(seeds.count)].1
      let input = mutator.mutateJSON(original, other: other)
      let target = mutator.rng.oneIn(8) ? mutator.rng.pick(types) : type
      outcome.checkJSON(target, input, iteration: i)
    }
    outcome.finish(elapsed: clock.now - start)
  }
}
