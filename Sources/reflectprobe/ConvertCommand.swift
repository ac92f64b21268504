import ArgumentParser
import DynamicProto
import Foundation

/// `reflectprobe convert`: one message from stdin to stdout, between ProtoJSON and the binary wire format.
struct ConvertCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract: "Convert one message read from stdin between ProtoJSON and binary, writing it to stdout (like buf convert).")

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case json, binary
  }

  @OptionGroup var target: TargetOptions

  @Option(name: .flag("type"), help: ArgumentHelp("Fully-qualified message type.", valueName: "NAME"))
  var type: String

  @Option(name: .flag("from"), help: "Input format: json or binary.")
  var from: Format

  @Option(name: .flag("to"), help: "Output format: json or binary.")
  var to: Format

  @OptionGroup var json: JSONFormatOptions

  func run() throws {
    guard target.hasFiles else { throw ValidationError("-protoset FILE (or -proto FILE) is required") }
    let pool = try target.offlinePool()
    let name = type.hasPrefix(".") ? String(type.dropFirst()) : type
    guard let descriptor = pool.message(named: name) else {
      throw CommandFailure(.failure, "message type not found: \(name)")
    }
    let input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
    let message: DynamicMessage
    do {
      switch from {
      case .json: message = try DynamicMessage(descriptor, jsonUTF8: input, options: json.decodingOptions)
      case .binary: message = try DynamicMessage(descriptor, binary: input)
      }
    } catch {
      throw CommandFailure(.failure, "cannot read \(from.rawValue) input as \(name): \(error)")
    }
    switch to {
    case .binary:
      StandardOutput.write(message.serializedBytes() as [UInt8])
    case .json:
      do {
        var text = try message.jsonUTF8(options: json.encodingOptions)
        text.append(UInt8(ascii: "\n"))
        StandardOutput.write(text)
      } catch {
        throw CommandFailure(.failure, "cannot write \(name) as JSON: \(error)")
      }
    }
  }
}

/// JSON flags shared by `convert` and `call`.
struct JSONFormatOptions: ParsableArguments {
  @Flag(name: .flag("emit-defaults"), help: "Print fields without presence even when they hold their default value.")
  var emitDefaults = false

  @Flag(name: .flag("proto-names"), help: "Print .proto field names instead of lowerCamelCase JSON names.")
  var protoNames = false

  @Flag(name: .flag("allow-unknown-fields"), help: "Ignore JSON keys that name no field instead of failing.")
  var allowUnknownFields = false

  @Flag(name: .flag("compact"), help: "Print JSON on one line instead of indented.")
  var compact = false

  var decodingOptions: JSONDecodingOptions { JSONDecodingOptions(ignoreUnknownFields: allowUnknownFields) }
  var encodingOptions: JSONEncodingOptions {
    JSONEncodingOptions(emitDefaults: emitDefaults, useProtoNames: protoNames, indent: compact ? nil : 2)
  }
}
