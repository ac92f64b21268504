/// The rule every probe's timing obeys: the timeout is below the interval, so a run never overlaps the next.
enum TimingCheck {
  static func message(timeout: Duration, interval: Duration) -> String {
    "timeout \(PrometheusDuration.format(timeout)) must be less than interval \(PrometheusDuration.format(interval))"
  }
}
