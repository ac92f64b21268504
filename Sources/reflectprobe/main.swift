import ArgumentParser
import Foundation

// Entry point: parse, run, and map every failure to a documented exit code (see ExitStatus).
do {
  var command = try ReflectProbe.parseAsRoot()
  // The one-shot commands end quietly when their reader goes away (`reflectprobe call ... | head`), as Unix tools
  // do; the agent keeps ignoring SIGPIPE (a scraper hanging up must not stop it).
  if !(command is AgentCommand) { signal(SIGPIPE, SIG_DFL) }
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
