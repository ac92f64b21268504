import Foundation

/// stdout carries only the `listening on` line; every log line goes to stderr, unbuffered.
enum Log {
  static func info(_ message: String) { FileHandle.standardError.write(Data("reflectprobe-demo: \(message)\n".utf8)) }
  static func error(_ message: String) { FileHandle.standardError.write(Data("\(message)\n".utf8)) }
  /// Writes a line to stdout at once (no buffering to flush).
  static func stdout(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
}
