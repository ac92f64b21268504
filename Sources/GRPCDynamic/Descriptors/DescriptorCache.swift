import Synchronization

/// Descriptors fetched from servers, kept for a time-to-live and fetched once however many callers ask at once.
///
/// Entries are keyed by a target (a server and the headers used to reflect it) and a query (`services`,
/// `symbol:pkg.Svc`, ...). A missing or expired entry is fetched by the first caller; concurrent callers for the
/// same entry wait for that one fetch and share its result or its error (single flight), so 50 concurrent first
/// calls open one reflection stream. A TTL of zero disables caching but keeps the sharing of in-flight fetches.
/// ``invalidate(target:)`` drops a target's entries, for when a call proves them stale (UNIMPLEMENTED for a method
/// the cache listed). No background work: expiry is checked on access. A caller may give its own TTL per lookup
/// (a target's `descriptor_cache_ttl`); it applies to the entries that caller fetches and to its freshness checks.
public final class DescriptorCache: Sendable {
  private struct Key: Hashable {
    var target: String
    var query: String
  }

  private typealias Waiter = CheckedContinuation<Outcome, any Error>

  private enum Slot {
    case ready(any Sendable, expires: ContinuousClock.Instant)
    case loading(id: UInt64, waiters: [UInt64: Waiter])
  }

  private enum Outcome {
    case hit(any Sendable)
    case shared(any Sendable)
    case lead(UInt64)
    case retry
  }

  private struct State {
    var slots: [Key: Slot] = [:]
    var nextID: UInt64 = 0
    var fetches = 0

    mutating func makeID() -> UInt64 {
      nextID += 1
      return nextID
    }
  }

  /// How long an entry stays fresh; `.zero` disables caching.
  public let ttl: Duration
  private let state = Mutex(State())

  public init(ttl: Duration = .seconds(300)) { self.ttl = ttl }

  /// How many fetches were started (a test and metrics hook: hits and shared waits do not count).
  public var fetchCount: Int { state.withLock { $0.fetches } }

  /// The cached value for `query` on `target`, or the result of `fetch`, shared with concurrent callers.
  ///
  /// - Throws: whatever `fetch` throws (every caller waiting on that fetch receives the same error), or
  ///   `CancellationError` when the calling task is cancelled while it waits.
  public func value<Value: Sendable>(
    target: String, query: String, ttl: Duration? = nil, fetch: () async throws -> Value
  ) async throws -> Value {
    try await lookup(target: target, query: query, ttl: ttl, fetch: fetch).value
  }

  /// ``value(target:query:fetch:)``, also telling whether the value was already cached (`true`) or fetched by
  /// this call or the in-flight fetch it joined (`false`). `ttl` overrides the cache's ``ttl`` for this lookup.
  public func lookup<Value: Sendable>(
    target: String, query: String, ttl: Duration? = nil, fetch: () async throws -> Value
  ) async throws -> (value: Value, cached: Bool) {
    let key = Key(target: target, query: query)
    let ttl = ttl ?? self.ttl
    // Bounded: a retry only follows a leader that was cancelled or a value of another type.
    for _ in 0..<8 {
      try Task.checkCancellation()
      switch try await claim(key, ttl: ttl) {
      case .hit(let value):
        if let value = value as? Value { return (value, true) }
        continue
      case .shared(let value):
        if let value = value as? Value { return (value, false) }
        continue
      case .lead(let id):
        do {
          let value = try await fetch()
          finish(key, id: id, ttl: ttl, with: .success(value))
          return (value, false)
        } catch {
          finish(key, id: id, ttl: ttl, with: .failure(error))
          throw error
        }
      case .retry:
        continue
      }
    }
    return (try await fetch(), false)
  }

  /// Drops every entry of a target (fetches in flight complete, but their results are not stored past this point
  /// only if they finish before it — a fetch started earlier still stores its result).
  public func invalidate(target: String) {
    state.withLock { state in
      for (key, slot) in state.slots where key.target == target {
        if case .ready = slot { state.slots[key] = nil }
      }
    }
  }

  /// Drops everything.
  public func removeAll() {
    state.withLock { state in
      state.slots = state.slots.filter { if case .loading = $0.value { true } else { false } }
    }
  }

  /// Returns a fresh value, makes the caller the leader of a new fetch, or waits for the fetch in flight.
  private func claim(_ key: Key, ttl: Duration) async throws -> Outcome {
    let now = ContinuousClock.now
    let immediate = state.withLock { state -> Outcome? in
      switch state.slots[key] {
      case .ready(let value, let expires)? where ttl > .zero && now < expires:
        return .hit(value)
      case .loading?:
        return nil
      default:
        let id = state.makeID()
        state.fetches += 1
        state.slots[key] = .loading(id: id, waiters: [:])
        return .lead(id)
      }
    }
    if let immediate { return immediate }
    let waiterID = state.withLock { $0.makeID() }
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (continuation: Waiter) in
        let registered = state.withLock { state -> Bool in
          guard case .loading(let id, var waiters)? = state.slots[key] else { return false }
          waiters[waiterID] = continuation
          state.slots[key] = .loading(id: id, waiters: waiters)
          return true
        }
        if !registered { continuation.resume(returning: .retry) }
      }
    } onCancel: {
      let waiter = state.withLock { state -> Waiter? in
        guard case .loading(let id, var waiters)? = state.slots[key] else { return nil }
        let waiter = waiters.removeValue(forKey: waiterID)
        state.slots[key] = .loading(id: id, waiters: waiters)
        return waiter
      }
      waiter?.resume(throwing: CancellationError())
    }
  }

  /// Stores the leader's result (when caching is on) and wakes the waiters.
  private func finish(_ key: Key, id: UInt64, ttl: Duration, with result: Result<any Sendable, any Error>) {
    let now = ContinuousClock.now
    let waiters = state.withLock { state -> [Waiter] in
      guard case .loading(let current, let waiters)? = state.slots[key], current == id else { return [] }
      if case .success(let value) = result, ttl > .zero {
        state.slots[key] = .ready(value, expires: now + ttl)
      } else {
        state.slots[key] = nil
      }
      return Array(waiters.values)
    }
    for waiter in waiters {
      switch result {
      case .success(let value): waiter.resume(returning: .shared(value))
      // A cancelled leader says nothing about the entry: a waiter takes over the fetch.
      case .failure(let error) where error is CancellationError: waiter.resume(returning: .retry)
      case .failure(let error): waiter.resume(throwing: error)
      }
    }
  }
}
