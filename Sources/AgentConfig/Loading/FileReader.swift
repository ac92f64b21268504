import Foundation

/// Reads whole files with the operating system's reason on failure ("No such file or directory",
/// "Permission denied", "Is a directory"), for messages a person can act on.
enum FileReader {
  /// Files above this are not config, secret or certificate files.
  static let maxBytes = 64 << 20

  static func read(_ path: String) -> Result<Data, FileReadFailure> {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return .failure(FileReadFailure(errno)) }
    defer { close(fd) }
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while data.count <= maxBytes {
      let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        return .failure(FileReadFailure(errno))
      }
      if count == 0 { return .success(data) }
      data.append(contentsOf: buffer[..<count])
    }
    return .failure(FileReadFailure(reason: "larger than \(maxBytes >> 20) MiB"))
  }

  /// True when the file can be opened for reading (checked without reading it).
  static func readableProblem(_ path: String) -> String? {
    var info = stat()
    guard stat(path, &info) == 0 else { return FileReadFailure(errno).reason }
    if (info.st_mode & S_IFMT) == S_IFDIR { return FileReadFailure(EISDIR).reason }
    guard access(path, R_OK) == 0 else { return FileReadFailure(errno).reason }
    return nil
  }
}

/// Why a file could not be read.
struct FileReadFailure: Error {
  var reason: String
  init(reason: String) { self.reason = reason }
  init(_ code: Int32) { reason = String(cString: strerror(code)) }
}
