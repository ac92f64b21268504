// swift-tools-version:6.0
import PackageDescription

let grpcCore = Target.Dependency.product(name: "GRPCCore", package: "grpc-swift-2")
let grpcHTTP2 = Target.Dependency.product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport")
let grpcProtobuf = Target.Dependency.product(name: "GRPCProtobuf", package: "grpc-swift-protobuf")
let swiftProtobuf = Target.Dependency.product(name: "SwiftProtobuf", package: "swift-protobuf")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let yams = Target.Dependency.product(name: "Yams", package: "Yams")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let serviceLifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")
let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
let nioHTTP1 = Target.Dependency.product(name: "NIOHTTP1", package: "swift-nio")
let nioHTTP2 = Target.Dependency.product(name: "NIOHTTP2", package: "swift-nio-http2")
let nioHPACK = Target.Dependency.product(name: "NIOHPACK", package: "swift-nio-http2")
let nioSSL = Target.Dependency.product(name: "NIOSSL", package: "swift-nio-ssl")

let package = Package(
  name: "reflectprobe",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "DynamicProto", targets: ["DynamicProto"]),
    .library(name: "GRPCDynamic", targets: ["GRPCDynamic"]),
    .executable(name: "reflectprobe", targets: ["reflectprobe"]),
    .executable(name: "reflectprobe-demo", targets: ["reflectprobe-demo"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-nio-http2.git", from: "1.46.0"),
    .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
    .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
  ],
  targets: [
    // Descriptor pool, JSON <-> binary codec, .proto rendering and request templates. No gRPC.
    .target(name: "DynamicProto", dependencies: [swiftProtobuf], exclude: ["Protos"]),
    // Generated messages and stubs for gRPC reflection (v1, v1alpha) and health (v1).
    .target(name: "GRPCProtos", dependencies: [grpcCore, grpcProtobuf, swiftProtobuf], exclude: ["Protos"]),
    // The dynamic gRPC client: reflection, invoke from JSON, descriptor cache, connection pool, health.
    .target(
      name: "GRPCDynamic",
      dependencies: [
        "DynamicProto", "GRPCProtos", grpcCore, grpcHTTP2, grpcProtobuf, swiftProtobuf, logging, nioCore, nioPosix,
        nioHTTP1, nioHTTP2, nioHPACK, nioSSL,
      ]
    ),
    // Server side of gRPC reflection (v1 and v1alpha) over a DescriptorPool, for the demo and test servers.
    .target(name: "ReflectionService", dependencies: ["DynamicProto", "GRPCProtos", grpcCore, swiftProtobuf]),
    // The demo services (users, products, orders): generated stubs plus their in-memory implementations.
    .target(name: "DemoServices", dependencies: [grpcCore, grpcProtobuf, swiftProtobuf]),
    // The system libsqlite3 (Debian libsqlite3-dev).
    .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    // The agent's configuration: model, YAML loading with file:line:column errors, secrets.
    .target(name: "AgentConfig", dependencies: [yams]),
    // Probe history in SQLite: raw results, rollups, schema snapshots, drift events, retention.
    .target(name: "ProbeStore", dependencies: ["CSQLite"]),
    // The agent: scheduler, probers, metrics, HTTP listener, lifecycle, systemd notify.
    .target(
      name: "ProbeAgent",
      dependencies: [
        "AgentConfig", "ProbeStore", "GRPCDynamic", "DynamicProto", logging, hummingbird, serviceLifecycle,
        prometheus, nioCore, nioPosix,
      ]
    ),
    // Command-line front end: argument parsing and wiring only.
    .executableTarget(
      name: "reflectprobe",
      dependencies: ["DynamicProto", "GRPCDynamic", "AgentConfig", "ProbeAgent", swiftProtobuf, argumentParser]
    ),
    // The demo gRPC server: `make run`'s target and many tests' peer.
    .executableTarget(
      name: "reflectprobe-demo",
      dependencies: [
        "DemoServices", "ReflectionService", "GRPCProtos", "GRPCDynamic", grpcCore, grpcHTTP2, argumentParser,
      ],
      exclude: ["Protos"]
    ),
    // `make bench`: the dynamic codec against swift-protobuf generated code for the same .proto.
    .executableTarget(
      name: "reflectprobe-bench",
      dependencies: [
        "DynamicProto", "GRPCDynamic", "DemoServices", "ProbeAgent", "AgentConfig", "ProbeStore", "GRPCProtos",
        swiftProtobuf, grpcCore, grpcHTTP2,
      ],
      exclude: ["Protos"]
    ),
    // Real processes for tests: peers (demo, Python grpcio servers), a throw-away PKI, misbehaving sockets.
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "DynamicProtoTests", dependencies: ["DynamicProto", swiftProtobuf], exclude: ["Fixtures"]),
    // Runs the built `reflectprobe` binary: output and exit codes.
    .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
    // The servers (demo binary, Python peer) as real processes; needs `swift build` (the demo) and the venv.
    .testTarget(
      name: "ServersTests",
      dependencies: [
        "DemoServices", "GRPCProtos", "ReflectionService", grpcCore, grpcHTTP2, grpcProtobuf, swiftProtobuf,
      ]
    ),
    // The dynamic client against real servers on loopback: reflectprobe-demo and the Python grpcio peer.
    .testTarget(
      name: "GRPCDynamicTests",
      dependencies: [
        "GRPCDynamic", "DynamicProto", "TestSupport", swiftProtobuf, grpcCore, nioCore, nioHPACK, nioHTTP2,
        .product(name: "NIOEmbedded", package: "swift-nio"),
      ],
      exclude: ["Scripts"]),
    .testTarget(name: "AgentConfigTests", dependencies: ["AgentConfig"], exclude: ["Fixtures"]),
    .testTarget(name: "ProbeStoreTests", dependencies: ["ProbeStore", "CSQLite"]),
    // The agent's parts in process (scheduler, probers, metrics) and the agent binary as a real process.
    .testTarget(
      name: "ProbeAgentTests",
      dependencies: [
        "ProbeAgent", "AgentConfig", "ProbeStore", "GRPCDynamic", "CSQLite", "TestSupport", logging, serviceLifecycle,
        .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
      ]
    ),
  ]
)
