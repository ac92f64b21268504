import SwiftProtobuf

extension DemoAdminService {
  /// `reflectprobe/demo/admin.proto`, built in code so reflection can serve the admin service:
  ///
  /// ```proto
  /// syntax = "proto3";
  /// package reflectprobe.demo;
  /// import "google/protobuf/struct.proto";
  /// service Admin {
  ///   rpc SetHealth(google.protobuf.Struct) returns (google.protobuf.Struct);
  ///   rpc Stats(google.protobuf.Struct) returns (google.protobuf.Struct);
  /// }
  /// ```
  public static let fileDescriptor: Google_Protobuf_FileDescriptorProto = {
    var file = Google_Protobuf_FileDescriptorProto()
    file.name = "reflectprobe/demo/admin.proto"
    file.package = "reflectprobe.demo"
    file.syntax = "proto3"
    file.dependency = ["google/protobuf/struct.proto"]
    var service = Google_Protobuf_ServiceDescriptorProto()
    service.name = "Admin"
    service.method = [setHealth.method, stats.method].map { name in
      var method = Google_Protobuf_MethodDescriptorProto()
      method.name = name
      method.inputType = ".google.protobuf.Struct"
      method.outputType = ".google.protobuf.Struct"
      return method
    }
    file.service = [service]
    file.sourceCodeInfo.location = [
      comment([6, 0], " Test control of a running reflectprobe-demo server.\n"),
      comment(
        [6, 0, 2, 0],
        " Sets a health status: {\"service\": \"\", \"status\": \"NOT_SERVING\"}; status is SERVING, NOT_SERVING,\n"
          + " UNKNOWN or SERVICE_UNKNOWN (forgets the service).\n"),
      comment(
        [6, 0, 2, 1],
        " Server-side counters: reflectionStreams, activeReflectionStreams, reflectionRequests, connections,\n"
          + " calls, healthWatchers.\n"),
    ]
    return file
  }()

  private static func comment(_ path: [Int32], _ text: String) -> Google_Protobuf_SourceCodeInfo.Location {
    var location = Google_Protobuf_SourceCodeInfo.Location()
    location.path = path
    location.span = [0, 0, 0]
    location.leadingComments = text
    return location
  }
}
