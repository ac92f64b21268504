import GRPCDynamic

// Before any task starts: Swift concurrency's jobs run on the event loops the server's connections use, as in
// `reflectprobe` (see EventLoopExecutor; REFLECTPROBE_EXECUTOR=pool keeps the default pool).
EventLoopExecutor.installIfEnabled()
do {
  let command = try DemoCommand.parse()
  try await command.serve()
} catch {
  DemoCommand.exit(withError: error)
}
