import ArgumentParser
import Foundation
import GRPCDynamic

// Before any task starts: Swift concurrency's jobs run on the gRPC transport's event loops (see EventLoopExecutor).
EventLoopExecutor.installIfEnabled()

// Entry point: parse, run, and map every failure to a documented exit code (see ExitStatus).
do {
  var command = try ReflectProbe.parseAsRoot()
  if var asyncCommand = command as? AsyncCommand {
    try await asyncCommand.runAsync()
  } else {
    try command.run()
  }
} catch let failure as CommandFailure {
  FileHandle.standardError.write(Data((failure.raw ? failure.message : "Error: \(failure.message)").utf8 + [10]))
  exit(failure.exitCode)
} catch {
  let code = ReflectProbe.exitCode(for: error)
  if code == .success {
    ReflectProbe.exit(withError: error)
  }
  FileHandle.standardError.write(Data((ReflectProbe.fullMessage(for: error) + "\n").utf8))
  exit(ExitStatus.usage.rawValue)
}
