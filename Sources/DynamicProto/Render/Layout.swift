/// Orders the elements of a message body (or a file) so that compiling the printed source reproduces the
/// descriptor's declaration order.
///
/// protoc appends a nested type for every map field and every group at the point where the field is declared, so
/// nested messages and such fields interleave in the descriptor. Here "items" are the scope's nested messages and
/// "units" are the statements that create some of them implicitly (a field, a whole oneof, a run of extensions).
/// Each unit lists the item positions it creates ("bound" items). Free items are placed between units so that every
/// item keeps its position; eager units (fields) come as early as possible, lazy units (`extend` blocks) as late as
/// possible.
enum Layout {
  enum Step: Equatable {
    /// A free nested message, by position.
    case item(Int)
    /// An eager unit, by index.
    case eager(Int)
    /// A lazy unit, by index.
    case lazy(Int)
  }

  /// The steps in print order, and the index of the first lazy unit not yet placed (the caller prints the rest
  /// after everything else).
  static func interleave(itemCount: Int, eager: [[Int]], lazy: [[Int]]) -> (steps: [Step], lazyStart: Int) {
    var owner: [Int: (lazy: Bool, unit: Int)] = [:]
    for (u, bound) in eager.enumerated() { for p in bound { owner[p] = (false, u) } }
    for (u, bound) in lazy.enumerated() { for p in bound { owner[p] = (true, u) } }
    var steps: [Step] = []
    var nextEager = 0
    var nextLazy = 0
    for p in 0..<itemCount {
      if let o = owner[p] {
        if o.lazy {
          while nextLazy <= o.unit {
            steps.append(.lazy(nextLazy))
            nextLazy += 1
          }
        } else {
          while nextEager <= o.unit {
            steps.append(.eager(nextEager))
            nextEager += 1
          }
        }
      } else {
        while nextEager < eager.count && eager[nextEager].isEmpty {
          steps.append(.eager(nextEager))
          nextEager += 1
        }
        steps.append(.item(p))
      }
    }
    while nextEager < eager.count {
      steps.append(.eager(nextEager))
      nextEager += 1
    }
    return (steps, nextLazy)
  }
}
