import ArgumentParser
import DynamicProto

/// `reflectprobe list`: service names, or the methods of one service.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List services, or the methods of SERVICE (fully-qualified names, one per line).")

  @OptionGroup var source: DescriptorSourceOptions

  @Argument(help: "A fully-qualified service name.")
  var service: String?

  func run() throws {
    let pool = try source.loadPool()
    guard let service else {
      for name in pool.serviceNames { print(name) }
      return
    }
    guard let descriptor = pool.service(named: service) else {
      throw CommandFailure(.failure, "service \"\(service)\" not found")
    }
    for method in descriptor.methods { print(method.fullName) }
  }
}
