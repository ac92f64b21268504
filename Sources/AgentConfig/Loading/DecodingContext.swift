import Foundation
import Yams

/// The state of one load: the file's name and directory, the environment secrets come from, and the problems
/// found so far. Decoders report into it and carry on with a default, so one load lists every problem.
final class DecodingContext {
  /// The config file's path as given (used in messages).
  let file: String
  /// The directory relative paths in the file are resolved against.
  let directory: String
  /// Where `${VAR}` values and `STATE_DIRECTORY` come from.
  let environment: [String: String]
  /// Where a relative `database` goes when `STATE_DIRECTORY` is unset.
  let workingDirectory: String
  private(set) var errors: [ConfigError] = []

  init(file: String, directory: String, environment: [String: String], workingDirectory: String) {
    self.file = file
    self.directory = directory
    self.environment = environment
    self.workingDirectory = workingDirectory
  }

  /// Records a problem at `node`'s position (the file's start when the node has none).
  func report(_ code: ConfigError.Code, at node: Node?, _ message: String) {
    report(code, mark: node?.mark, message)
  }

  func report(_ code: ConfigError.Code, mark: Mark?, _ message: String) {
    errors.append(
      ConfigError(code, file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message))
  }

  /// Records an error about the file as a whole (no position).
  func reportFile(_ code: ConfigError.Code, _ message: String) {
    errors.append(ConfigError(code, file: file, line: 0, column: 0, message: message))
  }

  /// `path` made absolute against the config file's directory (already absolute paths are kept).
  func resolve(_ path: String) -> String {
    path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
  }
}
