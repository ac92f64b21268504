import ArgumentParser
import DynamicProto
import Foundation
import SwiftProtobuf

/// Where descriptors come from when no server is involved: one or more protoset files.
struct DescriptorSourceOptions: ParsableArguments {
  @Option(
    name: .flag("protoset"),
    help: ArgumentHelp(
      "A FileDescriptorSet file (protoc --include_imports --descriptor_set_out). Repeatable.", valueName: "FILE"))
  var protosets: [String] = []

  func validate() throws {
    if protosets.isEmpty { throw ValidationError("-protoset FILE is required (no server address given)") }
  }

  /// Loads every protoset into one pool.
  func loadPool() throws -> DescriptorPool {
    var files: [Google_Protobuf_FileDescriptorProto] = []
    for path in protosets {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw CommandFailure(.failure, "cannot read protoset file \"\(path)\"")
      }
      do {
        files += try DescriptorPool.decodeFileDescriptorSet(data)
      } catch {
        throw CommandFailure(.failure, "\(path): \(error)")
      }
    }
    do {
      return try DescriptorPool(files: files)
    } catch {
      throw CommandFailure(.failure, "\(error)")
    }
  }
}
