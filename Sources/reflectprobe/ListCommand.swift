import ArgumentParser
import DynamicProto
import GRPCDynamic

/// `reflectprobe list`: service names, or the methods of one service, from reflection or protosets.
struct ListCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List services, or the methods of SERVICE (fully-qualified names, one per line).",
    usage: "reflectprobe list [flags] [ADDR] [SERVICE]")

  @OptionGroup var target: TargetOptions

  @Argument(help: "Server address HOST:PORT (omit with -protoset), then an optional service name.")
  var arguments: [String] = []

  func run() async throws {
    let (address, service) = try Positionals.split(arguments, hasFiles: target.hasFiles, command: "list")
    guard let address else {
      try print(lines(target.offlinePool(), service))
      return
    }
    let options = try target.clientOptions(json: JSONOptions())
    let text = try await ClientSession.run(address: address, options: options) { client in
      guard let service else { return try await client.listServices().sorted().joined(separator: "\n") }
      return try await client.serviceDescriptor(service).methods.map(\.fullName).joined(separator: "\n")
    }
    if !text.isEmpty { print(text) }
  }

  private func lines(_ pool: DescriptorPool, _ service: String?) throws -> String {
    guard let service else { return pool.serviceNames.joined(separator: "\n") }
    guard let descriptor = pool.service(named: service) else {
      throw CommandFailure(.failure, "service \"\(service)\" not found")
    }
    return descriptor.methods.map(\.fullName).joined(separator: "\n")
  }
}
