import GRPCCore

/// A version of the gRPC server reflection protocol. Both use the same messages; only the service name differs.
public enum ReflectionVersion: String, Sendable, Hashable, CaseIterable {
  /// `grpc.reflection.v1`, tried first.
  case v1 = "grpc.reflection.v1"
  /// `grpc.reflection.v1alpha`, what grpcio-reflection and older servers serve.
  case v1alpha = "grpc.reflection.v1alpha"

  /// The bidirectional `ServerReflectionInfo` method of this version.
  var method: GRPCCore.MethodDescriptor {
    GRPCCore.MethodDescriptor(
      fullyQualifiedService: rawValue + ".ServerReflection", method: "ServerReflectionInfo",
      type: .bidirectionalStreaming)
  }

  /// The fully-qualified service name.
  public var serviceName: String { rawValue + ".ServerReflection" }
}
