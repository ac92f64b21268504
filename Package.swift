// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "reflectprobe",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "DynamicProto", targets: ["DynamicProto"]),
    .executable(name: "reflectprobe", targets: ["reflectprobe"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
  ],
  targets: [
    // Descriptor pool, JSON <-> binary codec, .proto rendering and request templates. No gRPC.
    .target(
      name: "DynamicProto",
      dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
      exclude: ["Protos"]
    ),
    // Command-line front end: argument parsing and wiring only.
    .executableTarget(
      name: "reflectprobe",
      dependencies: [
        "DynamicProto",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // `make bench`: the dynamic codec against swift-protobuf generated code for the same .proto.
    .executableTarget(
      name: "reflectprobe-bench",
      dependencies: [
        "DynamicProto",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      exclude: ["Protos"]
    ),
    .testTarget(
      name: "DynamicProtoTests",
      dependencies: ["DynamicProto"],
      exclude: ["Fixtures"]
    ),
  ]
)
