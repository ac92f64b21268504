import ArgumentParser
import DynamicProto

/// `reflectprobe describe`: `.proto` source of a symbol, as grpcurl prints it.
struct DescribeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "describe",
    abstract: "Print the .proto source of SYMBOL (a service, method, message, enum, field or extension), or of every service.")

  @OptionGroup var source: DescriptorSourceOptions

  @Flag(name: .flag("msg-template"), help: "For a message, also print a JSON template with every field filled in.")
  var messageTemplate = false

  @Argument(help: "A fully-qualified symbol name (a leading dot is accepted).")
  var symbol: String?

  func run() throws {
    let pool = try source.loadPool()
    let renderer = SymbolDescription(pool: pool, messageTemplate: messageTemplate)
    guard let symbol else {
      for name in pool.serviceNames { print(try renderer.describe(name), terminator: "") }
      return
    }
    print(try renderer.describe(symbol), terminator: "")
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
