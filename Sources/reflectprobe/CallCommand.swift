import ArgumentParser
import DynamicProto
import Foundation
import GRPCDynamic

/// `reflectprobe call`: invoke any method with JSON requests (grpcurl's default verb).
struct CallCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "call",
    abstract: "Call SERVICE/METHOD (or SERVICE.METHOD) with JSON from -d and print each response as JSON.",
    usage: "reflectprobe call [flags] ADDR SERVICE/METHOD")

  @OptionGroup var target: TargetOptions

  @Option(name: .customShort("d"), help: ArgumentHelp("Request JSON; '@' reads stdin. Several concatenated objects are sent as a stream.", valueName: "DATA"))
  var data: String?

  @Flag(name: .customShort("v"), help: "Print the resolved method, request and response metadata, trailers and counts.")
  var verbose = false

  @Flag(name: .flag("format-error"), help: "Print a non-OK status as google.rpc.Status JSON.")
  var formatError = false

  @Flag(name: .flag("emit-defaults"), help: "Print fields without presence even when they hold their default value.")
  var emitDefaults = false

  @Flag(name: .flag("allow-unknown-fields"), help: "Ignore request JSON keys that name no field instead of failing.")
  var allowUnknownFields = false

  @Argument(help: "Server address HOST:PORT.")
  var address: String

  @Argument(help: "Fully-qualified method: package.Service/Method or package.Service.Method.")
  var method: String

  func run() async throws {
    let requests = try RequestReader.messages(from: data)
    let options = try target.clientOptions(
      json: JSONOptions(emitDefaults: emitDefaults, allowUnknownFields: allowUnknownFields))
    let metadata = try target.callMetadata()
    let printer = CallPrinter(verbose: verbose)
    do {
      try await withConnectionPool { pool in
        let client = try DynamicClient(target: address, options: options, pool: pool)
        let resolved = try await client.method(method)
        if !resolved.clientStreaming && requests.count > 1 {
          throw CommandFailure(.failure, "\(resolved.fullName) takes one request message, -d holds \(requests.count)")
        }
        let summary = try await client.call(method, requests: requests, metadata: metadata, handler: printer)
        if verbose {
          print("\nSent \(max(requests.count, resolved.clientStreaming ? 0 : 1)) request(s) and received \(summary.responseCount) response(s)")
        }
      }
    } catch let error as DynamicClientError {
      throw CommandFailure(error, formatAsJSON: formatError)
    }
  }
}
