import DynamicProto
import Foundation
import SwiftProtobuf

/// The files of the services a gRPC server usually carries besides its own: reflection v1 and v1alpha, health v1.
public enum StandardDescriptors {
  /// `grpc/reflection/v1/reflection.proto`, `grpc/reflection/v1alpha/reflection.proto`, `grpc/health/v1/health.proto`.
  public static let files: [Google_Protobuf_FileDescriptorProto] = {
    let data = Data(base64Encoded: GRPCServiceDescriptors.fileDescriptorSetBase64, options: .ignoreUnknownCharacters)!
    return try! DescriptorPool.decodeFileDescriptorSet(data)
  }()

  /// `grpc.health.v1.Health`
  public static let healthServiceName = "grpc.health.v1.Health"
}
