/// A version of the gRPC server reflection protocol. Both use the same message layout.
public enum ReflectionVersion: String, Sendable, CaseIterable, Hashable {
  /// `grpc.reflection.v1.ServerReflection`
  case v1
  /// `grpc.reflection.v1alpha.ServerReflection` (the only one PyPI grpcio-reflection serves)
  case v1alpha

  /// The fully-qualified service name of this version.
  public var serviceName: String {
    switch self {
    case .v1: "grpc.reflection.v1.ServerReflection"
    case .v1alpha: "grpc.reflection.v1alpha.ServerReflection"
    }
  }
}
