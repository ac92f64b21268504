import ArgumentParser
import DynamicProto
import GRPCDynamic

/// `reflectprobe describe`: `.proto` source of a symbol, as grpcurl prints it.
struct DescribeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "describe",
    abstract: "Print the .proto source of SYMBOL (a service, method, message, enum, field or extension), or of every service.",
    usage: "reflectprobe describe [flags] [ADDR] [SYMBOL]")

  @OptionGroup var target: TargetOptions

  @Flag(name: .flag("msg-template"), help: "For a message, also print a JSON template with every field filled in.")
  var messageTemplate = false

  @Argument(help: "Server address HOST:PORT (omit with -protoset), then an optional fully-qualified symbol.")
  var arguments: [String] = []

  func run() async throws {
    let (address, symbol) = try Positionals.split(arguments, hasFiles: target.hasFiles, command: "describe")
    guard let address else {
      print(try text(target.offlinePool(), symbol), terminator: "")
      return
    }
    let options = try target.clientOptions(json: JSONOptions())
    let output = try await ClientSession.run(address: address, options: options) { client in
      if let symbol {
        let name = symbol.hasPrefix(".") ? String(symbol.dropFirst()) : symbol
        return try text(try await client.describe(symbol: name).descriptorPool, name)
      }
      return try text(try await client.descriptorPoolOfAllServices(), nil)
    }
    print(output, terminator: "")
  }

  private func text(_ pool: DescriptorPool, _ symbol: String?) throws -> String {
    let renderer = SymbolDescription(pool: pool, messageTemplate: messageTemplate)
    guard let symbol else { return try pool.serviceNames.map(renderer.describe).joined() }
    return try renderer.describe(symbol)
  }
}

/// grpcurl's describe text: a `NAME is a KIND:` header, the `.proto` rendering, and optionally a request template.
struct SymbolDescription {
  let pool: DescriptorPool
  let messageTemplate: Bool

  func describe(_ name: String) throws -> String {
    let trimmed = name.hasPrefix(".") ? String(name.dropFirst()) : name
    guard let symbol = pool.symbol(named: trimmed) else {
      throw CommandFailure(.failure, "symbol not found: \(trimmed)")
    }
    let renderer = ProtoRenderer()
    var text = "\(trimmed) is \(kind(of: symbol)):\n" + renderer.render(symbol: symbol)
    if messageTemplate, case .message(let message) = symbol {
      text += "\nMessage template:\n" + MessageTemplate().render(message) + "\n"
    }
    return text
  }

  private func kind(of symbol: Symbol) -> String {
    switch symbol {
    case .message: "a message"
    case .enumType: "an enum"
    case .service: "a service"
    case .method: "a method"
    case .field(let field): field.isExtension ? "an extension" : "a field"
    case .enumValue: "an enum value"
    case .oneof: "a oneof"
    case .package: "a package"
    }
  }
}

extension Symbol {
  /// The pool the symbol's descriptor belongs to.
  var descriptorPool: DescriptorPool {
    switch self {
    case .message(let m): m.descriptorPool
    case .enumType(let e): e.descriptorPool
    case .service(let s): s.descriptorPool
    case .method(let m): m.service.descriptorPool
    case .field(let f): f.containingType.descriptorPool
    case .enumValue(let v): v.enumType.descriptorPool
    case .oneof(let o): o.message.descriptorPool
    case .package: .builtins
    }
  }
}
