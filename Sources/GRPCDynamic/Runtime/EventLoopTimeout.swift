import NIOCore
import NIOPosix
import Synchronization

/// A time limit on async work kept by a timer on an event loop, instead of a task sleeping next to the work.
///
/// The usual way (a task group racing the work against `Task.sleep`) costs, on Linux, a libdispatch timer per
/// use, which wakes libdispatch's manager thread when it is armed and a worker thread when it fires — even after the
/// work has ended, since a cancelled sleep's timer is not disarmed. For small frequent work (a health check, a
/// probe) those wake-ups cost more CPU than the work. Here the limit is a timer on an event loop (the caller's own
/// when it runs on one, see ``EventLoopExecutor``), cancelled when the work ends; the work runs in one child task,
/// which the timer cancels.
public enum EventLoopTimeout {
  /// Runs `body` with a time limit.
  ///
  /// - Parameters:
  ///   - timeout: the limit; the timer fires this long after the call.
  ///   - expired: the error thrown when the limit passed before `body` ended — whatever `body` then threw or
  ///     returned (cancelled work often ends "normally" with what it had).
  /// - Throws: `expired()`, or what `body` throws.
  public static func run<R: Sendable>(
    _ timeout: Duration, expired: @Sendable () -> any Error, _ body: @escaping @Sendable () async throws -> R
  ) async throws -> R {
    let watch = Watch()
    let loop = MultiThreadedEventLoopGroup.currentEventLoop ?? MultiThreadedEventLoopGroup.singleton.next()
    let timer = loop.scheduleTask(in: .nanoseconds(nanoseconds(timeout))) { watch.expire() }
    defer { timer.cancel() }
    let result = await withTaskGroup(of: Result<R, any Error>.self) { group in
      group.addTask {
        watch.register()
        defer { watch.unregister() }
        do { return .success(try await body()) } catch { return .failure(error) }
      }
      return await group.next()!
    }
    if watch.expired { throw expired() }
    return try result.get()
  }

  /// Whole nanoseconds, saturating.
  static func nanoseconds(_ duration: Duration) -> Int64 {
    let (seconds, attoseconds) = duration.components
    let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
    if overflow { return seconds < 0 ? .min : .max }
    let (total, overflowAgain) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
    return overflowAgain ? (seconds < 0 ? .min : .max) : total
  }

  /// The work's task while it runs, and whether the timer fired. The timer cancels the task only between
  /// ``register()`` and ``unregister()``, under the lock, so it never touches a task that has ended.
  private final class Watch: Sendable {
    /// `@unchecked`: used only while its task runs (see above).
    private final class TaskHandle: @unchecked Sendable {
      let task: UnsafeCurrentTask
      init(_ task: UnsafeCurrentTask) { self.task = task }
    }
    private struct State {
      var task: TaskHandle?
      var expired = false
    }
    private let state = Mutex(State())

    var expired: Bool { state.withLock { $0.expired } }

    func register() {
      let handle = withUnsafeCurrentTask { task in task.map(TaskHandle.init) }
      state.withLock { state in
        state.task = handle
        if state.expired { handle?.task.cancel() }
      }
    }

    func unregister() { state.withLock { $0.task = nil } }

    func expire() {
      state.withLock { state in
        state.expired = true
        state.task?.task.cancel()
      }
    }
  }
}
