import ProbeStore
import Synchronization

/// Every probe's ``ProbeSeries``, keyed by ``ProbeKey``, each behind its own lock.
///
/// Recording a run takes the table lock only for a dictionary lookup (or the insertion of a new probe), then the
/// probe's own lock for the update, so runs of different probes do not wait on each other and creating a probe's
/// series costs the same with 5 or 5,000 probes. ``snapshot()`` copies every probe's values in key order (the
/// order is sorted again only after probes were added or removed).
final class ProbeSeriesTable: Sendable {
  /// One probe's series and its lock; replaced as a whole when the probe's labels change.
  private final class Cell: Sendable {
    let key: ProbeKey
    let labels: [(String, String)]
    let series: Mutex<ProbeSeries>

    init(key: ProbeKey, labels: [(String, String)]) {
      self.key = key
      self.labels = labels
      series = Mutex(ProbeSeries(labels: labels))
    }
  }

  private struct State {
    var cells: [ProbeKey: Cell] = [:]
    /// Incremented on every insertion or removal, so a sort done outside the lock knows whether it is current.
    var generation = 0
    /// ``cells`` sorted by key, for the generation it was sorted at.
    var ordered: (generation: Int, cells: [Cell])?
  }

  private let state = Mutex(State())

  /// Probes with series.
  var count: Int { state.withLock { $0.cells.count } }

  /// Runs `body` on the probe's series under its lock, creating them first, or re-creating them (every value
  /// reset) when `labels` differ from those they were created with.
  func update<Result>(_ key: ProbeKey, labels: [(String, String)], _ body: (inout ProbeSeries) -> Result) -> Result {
    let cell = state.withLock { state -> Cell in
      if let cell = state.cells[key], MetricLabels.equal(cell.labels, labels) { return cell }
      let cell = Cell(key: key, labels: labels)
      state.cells[key] = cell
      state.generation += 1
      state.ordered = nil
      return cell
    }
    return cell.series.withLock { body(&$0) }
  }

  /// Drops every probe whose key is not in `keys`.
  func retainOnly(_ keys: Set<ProbeKey>) {
    state.withLock { state in
      let before = state.cells.count
      state.cells = state.cells.filter { keys.contains($0.key) }
      if state.cells.count != before {
        state.generation += 1
        state.ordered = nil
      }
    }
  }

  /// A copy of every probe's series, sorted by key (target, then probe).
  func snapshot() -> [ProbeSeries] {
    let (generation, cached, unsorted) = state.withLock { state -> (Int, [Cell]?, [Cell]) in
      if let ordered = state.ordered, ordered.generation == state.generation {
        return (state.generation, ordered.cells, [])
      }
      return (state.generation, nil, Array(state.cells.values))
    }
    let cells: [Cell]
    if let cached {
      cells = cached
    } else {
      cells = unsorted.sorted { $0.key < $1.key }
      state.withLock { state in
        if state.generation == generation { state.ordered = (generation, cells) }
      }
    }
    return cells.map { cell in cell.series.withLock { $0 } }
  }
}
