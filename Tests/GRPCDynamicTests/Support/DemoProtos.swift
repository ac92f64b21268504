import Foundation
import GRPCDynamic

/// The demo server's .proto files, and a protoset compiled from them with protoc.
enum DemoProtos {
  static let directory = PeerProcess.repoRoot.appendingPathComponent("Sources/reflectprobe-demo/Protos").path
  static let files = ["api/users/users.proto", "api/products/products.proto", "api/orders/orders.proto"]

  /// The demo's descriptors compiled from source (protoc must be installed).
  static func source() throws -> ProtosetDescriptorSource {
    try ProtosetDescriptorSource(protoFiles: files.map { "\(directory)/\($0)" }, importPaths: [directory])
  }

  /// A protoset file of the demo's descriptors, written once per test process.
  static let protosetPath: String = {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("grpcdynamic-demo-\(getpid()).protoset")
    if let source = try? source() {
      try? Data(source.pool.fileDescriptorSet.serializedBytes() as [UInt8]).write(to: path)
    }
    return path.path
  }()
}
