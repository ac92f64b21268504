import Foundation
import NIOCore
import NIOPosix

/// Runs Swift concurrency's jobs on NIO's event loops (`MultiThreadedEventLoopGroup.singleton`), the loops the
/// gRPC transport does its I/O on.
///
/// Without it every call crosses threads several times: the caller's task runs on the concurrency pool, the
/// request is written on an event loop, the response is read there and the caller is resumed back on the pool —
/// each crossing a wake-up of a sleeping thread, which on a lightly loaded host costs more CPU than the call itself.
/// With it the caller resumes on the event loop that read the response. Jobs that block (SQLite, file reads) must
/// keep to their own threads or dispatch queues, as the history store does.
///
/// Executables call ``installIfEnabled(environment:)`` first thing in `main`, before any task starts; it is
/// process-wide and irreversible. `REFLECTPROBE_EXECUTOR=pool` keeps Swift's default pool (for comparison, or
/// should a host misbehave with it).
public enum EventLoopExecutor {
  /// Installs the event loops as the global executor unless `REFLECTPROBE_EXECUTOR=pool`; returns whether they are.
  @discardableResult
  public static func installIfEnabled(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> Bool {
    guard environment["REFLECTPROBE_EXECUTOR"] != "pool" else { return false }
    return NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
  }
}
