import ArgumentParser
import Foundation
import GRPCDynamic

/// `reflectprobe health`: grpc.health.v1 Check (or Watch), with grpc_health_probe's exit codes.
struct HealthCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "health",
    abstract: "Check a server's (or SERVICE's) health with grpc.health.v1; prints the status.",
    usage: "reflectprobe health [flags] ADDR [SERVICE]",
    discussion: """
      Exit codes follow grpc_health_probe: 0 SERVING, 1 invalid arguments, 2 connection failed or timed out, \
      3 the RPC failed (e.g. UNIMPLEMENTED: no health service), 4 the status is not SERVING, 20 TLS failure.
      """)

  /// grpc_health_probe's exit codes.
  enum ProbeExit: Int32 {
    case serving = 0, invalidArguments = 1, connectionFailed = 2, rpcFailed = 3, unhealthy = 4, tlsFailed = 20
  }

  @OptionGroup var target: TargetOptions

  @Flag(name: .flag("watch"), help: "Stream status changes (Watch) until -max-time or interrupt; exit code of the last status.")
  var watch = false

  @Argument(help: "Server address HOST:PORT.")
  var address: String

  @Argument(help: "Service name; omit (or \"\") for the server as a whole.")
  var service: String = ""

  func run() async throws {
    let options: DynamicClientOptions
    do {
      options = try target.clientOptions(json: JSONOptions())
    } catch let failure as CommandFailure {
      throw CommandFailure(failure.status, failure.message, exitCode: ProbeExit.invalidArguments.rawValue)
    }
    let metadata = try target.callMetadata()
    do {
      let status = try await withConnectionPool { pool in
        let client = try DynamicClient(target: address, options: options, pool: pool)
        guard watch else { return try await client.healthCheck(service: service, metadata: metadata) }
        let last = LastStatus()
        try await client.healthWatch(service: service, metadata: metadata) { status in
          print(status.rawValue)
          last.value = status
          return true
        }
        return last.value
      }
      if !watch { print(status.rawValue) }
      if status != .serving {
        throw CommandFailure(.failure, "service \"\(service)\" is \(status.rawValue)", exitCode: ProbeExit.unhealthy.rawValue)
      }
    } catch let error as DynamicClientError {
      if watch, error.status?.code == .deadlineExceeded { return }
      throw CommandFailure(.failure, "\(error.message) (\(Self.exitCode(for: error)) per grpc_health_probe)", exitCode: Self.exitCode(for: error))
    }
  }

  static func exitCode(for error: DynamicClientError) -> Int32 {
    switch error.code {
    case .connectionFailed: ProbeExit.connectionFailed.rawValue
    case .tlsFailed: ProbeExit.tlsFailed.rawValue
    case .invalidArgument: ProbeExit.invalidArguments.rawValue
    default: error.status?.code == .deadlineExceeded ? ProbeExit.connectionFailed.rawValue : ProbeExit.rpcFailed.rawValue
    }
  }
}

/// The last status seen by a Watch.
private final class LastStatus: @unchecked Sendable {
  private let lock = NSLock()
  private var status: HealthStatus = .unknown
  var value: HealthStatus {
    get { lock.withLock { status } }
    set { lock.withLock { status = newValue } }
  }
}
