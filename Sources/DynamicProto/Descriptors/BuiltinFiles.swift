import Foundation
import SwiftProtobuf

/// The well-known types and google.rpc error model, decoded once from the generated descriptor set.
enum BuiltinFiles {
  static let all: [Google_Protobuf_FileDescriptorProto] = {
    let data = Data(base64Encoded: BuiltinDescriptors.fileDescriptorSetBase64, options: .ignoreUnknownCharacters)!
    // The embedded set was produced by protoc at generation time; failing to decode it is a build defect.
    let set = try! Google_Protobuf_FileDescriptorSet(serializedBytes: data)
    return set.file
  }()
}
