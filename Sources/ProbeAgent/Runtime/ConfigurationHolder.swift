import AgentConfig
import Synchronization

/// The configuration in force, swapped atomically by a reload.
public final class ConfigurationHolder: Sendable {
  private let value: Mutex<AgentConfiguration>
  public init(_ configuration: AgentConfiguration) { value = Mutex(configuration) }
  public var current: AgentConfiguration { value.withLock { $0 } }
  func replace(with configuration: AgentConfiguration) { value.withLock { $0 = configuration } }
}
