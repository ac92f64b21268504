import Foundation

/// Writes to stdout with `write(2)`, ending the process quietly (exit 141, as a shell reports SIGPIPE) when the
/// reader has gone away (`reflectprobe call ... | head`). `FileHandle.write` traps on EPIPE instead, and SIGPIPE
/// itself never reaches the writing thread (the concurrency runtime's threads block it).
enum StandardOutput {
  static func write(_ bytes: some Collection<UInt8>) {
    let data = Array(bytes)
    var offset = 0
    while offset < data.count {
      let written = data[offset...].withUnsafeBytes { Foundation.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
      if written < 0 {
        if errno == EINTR { continue }
        exit(errno == EPIPE ? 141 : ExitStatus.failure.rawValue)
      }
      offset += written
    }
  }

  static func write(_ text: String) { write(text.utf8) }
}
