import DemoServices
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtos
import ReflectionService
import SwiftProtobuf

/// Wires the demo services, health, reflection and admin into one `GRPCServer` and runs it until a signal.
struct DemoServer {
  struct Config {
    var host: String
    var port: Int
    var reflectionVersions: Set<ReflectionVersion>
    var sendDependencies: Bool
    var health: [String: HealthStatusStore.Status]
    var orderEventInterval: Duration
    var shutdownGrace: Duration
  }

  static let demoServiceNames = ["api.users.UserService", "api.products.ProductService", "api.orders.OrderService"]

  let config: Config

  func run() async throws {
    var statuses: [String: HealthStatusStore.Status] = ["": .serving]
    for name in Self.demoServiceNames { statuses[name] = .serving }
    statuses.merge(config.health) { _, override in override }
    let health = HealthStatusStore(statuses)
    let callStats = CallStats()
    let counters = ReflectionCounters()

    let advertised = Self.demoServiceNames + [
      DemoAdminService.serviceName, StandardDescriptors.healthServiceName,
    ] + config.reflectionVersions.map(\.serviceName)
    let reflection = try ReflectionService(
      files: try Self.demoFiles() + StandardDescriptors.files + [DemoAdminService.fileDescriptor],
      serviceNames: advertised,
      options: .init(versions: config.reflectionVersions, sendDependencies: config.sendDependencies),
      counters: counters)

    let admin = DemoAdminService(
      setHealth: { service, name in
        if name == "SERVICE_UNKNOWN" {
          health.remove(service)
        } else if let status = HealthStatusStore.status(named: name) {
          health.set(status, for: service)
        }
      },
      stats: {
        let reflection = counters.snapshot
        let calls = callStats.snapshot
        return [
          "reflectionStreams": reflection.streamsOpened,
          "activeReflectionStreams": reflection.activeStreams,
          "reflectionRequests": reflection.requestsServed,
          "connections": calls.connections,
          "calls": calls.calls,
          "healthWatchers": health.watcherCount,
        ]
      })

    let users = UserStore()
    let catalog = ProductCatalog()
    let services: [any RegistrableRPCService] = [
      UserService(store: users),
      ProductService(catalog: catalog),
      OrderService(catalog: catalog, users: users, eventInterval: config.orderEventInterval),
      HealthService(store: health),
      reflection,
      admin,
    ]
    // Everything but the admin service is counted, so reading the stats does not change them.
    let counted = Set(
      (Self.demoServiceNames + [StandardDescriptors.healthServiceName] + ReflectionVersion.allCases.map(\.serviceName))
        .map { GRPCCore.ServiceDescriptor(fullyQualifiedService: $0) })
    let transport = HTTP2ServerTransport.Posix(
      address: .ipv4(host: config.host, port: config.port), transportSecurity: .plaintext)
    let server = GRPCServer(
      transport: transport, services: services,
      interceptorPipeline: [.apply(CallStatsInterceptor(stats: callStats), to: .services(counted))])

    let signals = SignalWatcher(signals: [SIGTERM, SIGINT])
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await server.serve() }
      let address = try await transport.listeningAddress
      guard let ipv4 = address.ipv4 else { throw DemoError("bound to a non-IPv4 address: \(address)") }
      Log.stdout("listening on \(ipv4.host):\(ipv4.port)")
      Log.info(
        "reflection \(config.reflectionVersions.map(\.rawValue).sorted()) deps=\(config.sendDependencies ? "all" : "self")")

      group.addTask {
        let signal = await signals.next()
        Log.info("signal \(signal): shutting down")
      }
      // The first to finish: the signal (normal), or serve() (an error, or an outside shutdown).
      try await group.next()
      health.shutDown()
      server.beginGracefulShutdown()
      group.addTask { [grace = config.shutdownGrace] in
        // Not an error when cancelled: that only means the server stopped in time.
        guard (try? await Task.sleep(for: grace)) != nil else { return }
        Log.info("RPCs still open after the grace period: closing them")
      }
      try await group.next()
      group.cancelAll()
      while !group.isEmpty {
        do { try await group.next() } catch { Log.info("while stopping: \(error)") }
      }
    }
    signals.stop()
    Log.info("stopped")
  }

  static func demoFiles() throws -> [Google_Protobuf_FileDescriptorProto] {
    guard let data = Data(base64Encoded: DemoDescriptors.fileDescriptorSetBase64, options: .ignoreUnknownCharacters)
    else { throw DemoError("embedded demo descriptors are not base64") }
    return try Google_Protobuf_FileDescriptorSet(serializedBytes: data).file
  }
}

/// A startup failure of the demo server.
struct DemoError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
