import DynamicProto
import GRPCCore
import GRPCProtos
import SwiftProtobuf

/// gRPC server reflection (`grpc.reflection.v1` and/or `grpc.reflection.v1alpha`) over a ``DescriptorPool``.
///
/// Register it with a `GRPCServer` like any service. It answers `list_services` with the given names (pass the
/// reflection and health service names too, as real servers do: ``ReflectionVersion/serviceName``),
/// `file_by_filename` / `file_containing_symbol` / `file_containing_extension` with the file plus, when
/// ``Options/sendDependencies`` is true, its transitive imports not yet sent on the stream (grpc-go's behaviour),
/// and `all_extension_numbers_of_type`. Unknown names get an `error_response` with NOT_FOUND (5).
/// ``counters`` counts the streams opened, for tests of client-side caching.
public struct ReflectionService: RegistrableRPCService {
  /// What the service serves.
  public struct Options: Sendable {
    /// The protocol versions registered; a version left out answers UNIMPLEMENTED.
    public var versions: Set<ReflectionVersion>
    /// Whether file answers carry the file's transitive dependencies (true: grpc-go, grpcio) or the file alone.
    public var sendDependencies: Bool

    public init(versions: Set<ReflectionVersion> = Set(ReflectionVersion.allCases), sendDependencies: Bool = true) {
      self.versions = versions
      self.sendDependencies = sendDependencies
    }
  }

  /// The options this service was made with.
  public let options: Options
  /// Streams opened and requests served, readable at any time from any thread.
  public let counters: ReflectionCounters
  let responder: ReflectionResponder

  /// - Parameters:
  ///   - pool: the descriptors to serve.
  ///   - serviceNames: the fully-qualified names `list_services` answers (sorted and de-duplicated).
  public init(
    pool: DescriptorPool, serviceNames: [String], options: Options = Options(),
    counters: ReflectionCounters = ReflectionCounters()
  ) {
    self.options = options
    self.counters = counters
    self.responder = ReflectionResponder(
      pool: pool, serviceNames: serviceNames, sendDependencies: options.sendDependencies)
  }

  /// Builds the pool from file descriptors (any order; the well-known types and google.rpc files are built in).
  ///
  /// - Throws: `ProtoError` when the files do not resolve (a missing import, a duplicate symbol).
  public init(
    files: [Google_Protobuf_FileDescriptorProto], serviceNames: [String], options: Options = Options(),
    counters: ReflectionCounters = ReflectionCounters()
  ) throws {
    self.init(
      pool: try DescriptorPool(files: files), serviceNames: serviceNames, options: options, counters: counters)
  }

  public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    if options.versions.contains(.v1) {
      ReflectionV1Handler(responder: responder, counters: counters).registerMethods(with: &router)
    }
    if options.versions.contains(.v1alpha) {
      ReflectionV1AlphaHandler(responder: responder, counters: counters).registerMethods(with: &router)
    }
  }
}

/// `grpc.reflection.v1.ServerReflection`: one response per request, until the client closes its side.
struct ReflectionV1Handler: Grpc_Reflection_V1_ServerReflection.SimpleServiceProtocol {
  let responder: ReflectionResponder
  let counters: ReflectionCounters

  func serverReflectionInfo(
    request: RPCAsyncSequence<Grpc_Reflection_V1_ServerReflectionRequest, any Error>,
    response: RPCWriter<Grpc_Reflection_V1_ServerReflectionResponse>,
    context: ServerContext
  ) async throws {
    counters.streamOpened(.v1)
    defer { counters.streamClosed() }
    var sent: Set<String> = []
    for try await message in request {
      try await response.write(responder.respond(to: message, sentFiles: &sent))
      counters.requestServed()
    }
  }
}

/// `grpc.reflection.v1alpha.ServerReflection`: the v1 logic, converting messages through their shared wire layout.
struct ReflectionV1AlphaHandler: Grpc_Reflection_V1alpha_ServerReflection.SimpleServiceProtocol {
  let responder: ReflectionResponder
  let counters: ReflectionCounters

  func serverReflectionInfo(
    request: RPCAsyncSequence<Grpc_Reflection_V1alpha_ServerReflectionRequest, any Error>,
    response: RPCWriter<Grpc_Reflection_V1alpha_ServerReflectionResponse>,
    context: ServerContext
  ) async throws {
    counters.streamOpened(.v1alpha)
    defer { counters.streamClosed() }
    var sent: Set<String> = []
    for try await message in request {
      let v1Request = try Grpc_Reflection_V1_ServerReflectionRequest(serializedBytes: message.serializedBytes() as [UInt8])
      let v1Response = responder.respond(to: v1Request, sentFiles: &sent)
      try await response.write(
        Grpc_Reflection_V1alpha_ServerReflectionResponse(serializedBytes: v1Response.serializedBytes() as [UInt8]))
      counters.requestServed()
    }
  }
}
