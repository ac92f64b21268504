import ArgumentParser
import DynamicProto
import Foundation
import GRPCDynamic
import SwiftProtobuf

/// grpcurl's flags for where descriptors come from and how to reach the server.
struct TargetOptions: ParsableArguments {
  @Option(name: .flag("protoset"), help: ArgumentHelp("A FileDescriptorSet file (protoc --include_imports --descriptor_set_out); used instead of reflection. Repeatable.", valueName: "FILE"))
  var protosets: [String] = []

  @Option(name: .flag("proto"), help: ArgumentHelp(".proto source file, compiled with protoc; used instead of reflection. Repeatable.", valueName: "FILE"))
  var protoFiles: [String] = []

  @Option(name: .flag("import-path"), help: ArgumentHelp("Import path for -proto files. Repeatable.", valueName: "DIR"))
  var importPaths: [String] = []

  @Flag(name: .flag("use-reflection"), help: "With -protoset/-proto, also ask the server's reflection service (files first, reflection as fallback).")
  var useReflection = false

  @Flag(name: .flag("plaintext"), help: "Use plain-text HTTP/2 (no TLS).")
  var plaintext = false

  @Flag(name: .flag("insecure"), help: "Skip verification of the server's certificate chain and host name.")
  var insecure = false

  @Option(name: .flag("cacert"), help: ArgumentHelp("CA certificates (PEM) that verify the server instead of the system roots.", valueName: "FILE"))
  var caCert: String?

  @Option(name: .flag("cert"), help: ArgumentHelp("Client certificate (PEM) for mutual TLS; needs -key.", valueName: "FILE"))
  var cert: String?

  @Option(name: .flag("key"), help: ArgumentHelp("Private key (PEM) of the client certificate.", valueName: "FILE"))
  var key: String?

  @Option(name: .flag("servername"), help: "Server name to verify the certificate against (and send in SNI).")
  var serverName: String?

  @Option(name: .flag("authority"), help: "Value of the :authority pseudo-header.")
  var authority: String?

  @Option(name: .flag("connect-timeout"), help: ArgumentHelp("Seconds to wait for the connection.", valueName: "SECONDS"))
  var connectTimeout: Double = 10

  @Option(name: .flag("max-time"), help: ArgumentHelp("Deadline of the whole call, in seconds.", valueName: "SECONDS"))
  var maxTime: Double?

  @Option(name: .flag("max-msg-sz"), help: ArgumentHelp("Largest response message accepted, in bytes (default 4 MiB).", valueName: "BYTES"))
  var maxMessageSize: Int = 4 << 20

  @Option(name: .flag("keepalive-time"), help: ArgumentHelp("Seconds between keepalive pings on an idle connection.", valueName: "SECONDS"))
  var keepaliveTime: Double?

  @Option(name: .customShort("H"), help: ArgumentHelp("Header 'name: value' for the call and for reflection. Repeatable.", valueName: "HEADER"))
  var headers: [String] = []

  @Option(name: .flag("rpc-header"), help: ArgumentHelp("Header sent on the call only. Repeatable.", valueName: "HEADER"))
  var rpcHeaders: [String] = []

  @Option(name: .flag("reflect-header"), help: ArgumentHelp("Header sent on reflection requests only. Repeatable.", valueName: "HEADER"))
  var reflectHeaders: [String] = []

  var hasFiles: Bool { !protosets.isEmpty || !protoFiles.isEmpty }

  func validate() throws {
    if cert != nil && key == nil || key != nil && cert == nil { throw ValidationError("-cert and -key must be given together") }
    if plaintext && (insecure || caCert != nil || cert != nil || serverName != nil) {
      throw ValidationError("-plaintext cannot be combined with TLS flags (-insecure, -cacert, -cert, -key, -servername)")
    }
    try Self.checkSeconds(connectTimeout, flag: "-connect-timeout")
    try Self.checkSeconds(maxTime, flag: "-max-time")
    try Self.checkSeconds(keepaliveTime, flag: "-keepalive-time")
    if maxMessageSize <= 0 { throw ValidationError("-max-msg-sz must be positive") }
    if useReflection && !hasFiles { throw ValidationError("-use-reflection only applies with -protoset or -proto") }
  }

  /// The longest time a seconds flag takes: 292 years, the most a 64-bit count of nanoseconds holds.
  static let maximumSeconds = 9_223_372_036.0

  /// A seconds flag must be a finite positive number no larger than ``maximumSeconds`` (`nan`, `inf` and `1e300`
  /// parse as numbers).
  private static func checkSeconds(_ value: Double?, flag: String) throws {
    guard let value else { return }
    guard value.isFinite, value > 0, value <= maximumSeconds else {
      throw ValidationError("\(flag) must be a positive number of seconds, at most \(Int(maximumSeconds))")
    }
  }

  /// Descriptors from -protoset / -proto files.
  func fileSource() throws -> ProtosetDescriptorSource {
    do {
      if !protoFiles.isEmpty {
        let compiled = try ProtosetDescriptorSource(protoFiles: protoFiles, importPaths: importPaths)
        guard !protosets.isEmpty else { return compiled }
        let more = try ProtosetDescriptorSource(protosetPaths: protosets)
        return ProtosetDescriptorSource(pool: try compiled.pool.adding(files: more.pool.fileDescriptorSet.file))
      }
      return try ProtosetDescriptorSource(protosetPaths: protosets)
    } catch let error as DynamicClientError {
      throw CommandFailure(.failure, error.message)
    }
  }

  /// Everything the dynamic client needs, from the flags.
  func clientOptions(json: JSONOptions) throws -> DynamicClientOptions {
    let security: ConnectionOptions.Security =
      plaintext
      ? .plaintext
      : .tls(TLSOptions(caCertificatePath: caCert, certificatePath: cert, keyPath: key, insecureSkipVerify: insecure, serverName: serverName))
    let connection = ConnectionOptions(
      security: security, authority: authority, connectTimeout: .seconds(connectTimeout),
      keepalive: keepaliveTime.map { ConnectionOptions.Keepalive(time: .seconds($0)) })
    let source: DescriptorSourceSelection =
      hasFiles ? (useReflection ? .reflectionWithFallback(try fileSource()) : .files(try fileSource())) : .reflection
    var reflect = try metadata(headers)
    reflect.append(contentsOf: try metadata(reflectHeaders))
    return DynamicClientOptions(
      connection: connection, timeout: maxTime.map { .seconds($0) }, maxReceiveMessageBytes: maxMessageSize,
      json: json, reflectHeaders: reflect, descriptorSource: source)
  }

  /// Headers of the call itself (-H and -rpc-header).
  func callMetadata() throws -> RPCMetadata {
    var result = try metadata(headers)
    result.append(contentsOf: try metadata(rpcHeaders))
    return result
  }

  private func metadata(_ lines: [String]) throws -> RPCMetadata {
    do {
      return try RPCMetadata(parsingHeaderLines: lines)
    } catch {
      throw CommandFailure(.usage, error.message)
    }
  }

  /// A pool of every file in -protoset (for the commands that work without a server).
  func offlinePool() throws -> DescriptorPool { try fileSource().pool }
}

/// Splits `[ADDR] [NAME]` the way grpcurl reads its positional arguments: an address has a port or a scheme
/// (`host:port`, `[::1]:50051`, `unix:/path`), a symbol never contains `:`.
enum Positionals {
  static func split(_ arguments: [String], hasFiles: Bool, command: String) throws -> (address: String?, name: String?) {
    switch arguments.count {
    case 0:
      guard hasFiles else { throw ValidationError("\(command) needs a server address (or -protoset FILE)") }
      return (nil, nil)
    case 1:
      if arguments[0].contains(":") { return (arguments[0], nil) }
      guard hasFiles else { throw ValidationError("\"\(arguments[0])\" is not an address (HOST:PORT); with no server, give -protoset FILE") }
      return (nil, arguments[0])
    case 2:
      return (arguments[0], arguments[1])
    default:
      throw ValidationError("too many arguments: \(arguments.joined(separator: " "))")
    }
  }
}
