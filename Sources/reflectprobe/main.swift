import ArgumentParser
import Foundation

// Entry point: parse, run, and map every failure to a documented exit code (see ExitStatus).
do {
  var command = try ReflectProbe.parseAsRoot()
  try command.run()
} catch let failure as CommandFailure {
  FileHandle.standardError.write(Data("Error: \(failure.message)\n".utf8))
  exit(failure.status.rawValue)
} catch {
  let code = ReflectProbe.exitCode(for: error)
  if code == .success {
    ReflectProbe.exit(withError: error)
  }
  let message = ReflectProbe.fullMessage(for: error)
  FileHandle.standardError.write(Data("\(message)\n".utf8))
  exit(ExitStatus.usage.rawValue)
}
