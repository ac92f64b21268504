import Foundation

extension ProtosetDescriptorSource {
  /// Compiles `.proto` files with `protoc --include_imports --descriptor_set_out` (grpcurl `-proto` and
  /// `-import-path`) and loads the result.
  ///
  /// With no import paths, each file's directory is used. protoc is found through `PROTOC` or `PATH` (Debian:
  /// `apt-get install protobuf-compiler`); the well-known types come with it.
  ///
  /// - Throws: ``DynamicClientError`` `.protocUnavailable` when protoc is not installed,
  ///   `.descriptorSourceFailed` with protoc's own message when compilation fails.
  public init(protoFiles: [String], importPaths: [String] = [], protoc: String? = nil) throws(DynamicClientError) {
    guard !protoFiles.isEmpty else {
      throw DynamicClientError(.invalidArgument, "no .proto files given")
    }
    guard let protocPath = protoc ?? Self.findProtoc() else {
      throw DynamicClientError(
        .protocUnavailable,
        "-proto needs protoc, which is not installed (Debian: apt-get install protobuf-compiler; or set PROTOC); "
          + "alternatively pass a compiled -protoset")
    }
    var paths = importPaths
    if paths.isEmpty {
      var seen = Set<String>()
      for file in protoFiles {
        let directory = (file as NSString).deletingLastPathComponent
        let path = directory.isEmpty ? "." : directory
        if seen.insert(path).inserted { paths.append(path) }
      }
    }
    let output = FileManager.default.temporaryDirectory
      .appendingPathComponent("reflectprobe-\(UUID().uuidString).protoset")
    defer { try? FileManager.default.removeItem(at: output) }
    let arguments =
      ["--include_imports", "--descriptor_set_out=\(output.path)"] + paths.map { "--proto_path=\($0)" } + protoFiles
    let stderr = try Self.run(protocPath, arguments)
    guard FileManager.default.fileExists(atPath: output.path) else {
      let message = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
      throw DynamicClientError(.descriptorSourceFailed, "protoc failed: \(message.isEmpty ? "no output" : message)")
    }
    try self.init(protosetPaths: [output.path])
  }

  /// Runs protoc and returns its standard error; the descriptor set file exists only on success.
  private static func run(_ executable: String, _ arguments: [String]) throws(DynamicClientError) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw DynamicClientError(.protocUnavailable, "cannot run protoc at \(executable): \(error)", cause: error)
    }
    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    if process.terminationStatus != 0 {
      let message = text.trimmingCharacters(in: .whitespacesAndNewlines)
      throw DynamicClientError(.descriptorSourceFailed, "protoc failed: \(message)")
    }
    return text
  }

  /// `PROTOC`, else the first executable `protoc` on `PATH`.
  static func findProtoc() -> String? {
    let environment = ProcessInfo.processInfo.environment
    if let explicit = environment["PROTOC"], !explicit.isEmpty {
      return FileManager.default.isExecutableFile(atPath: explicit) ? explicit : nil
    }
    for directory in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
      let candidate = "\(directory)/protoc"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }
}
