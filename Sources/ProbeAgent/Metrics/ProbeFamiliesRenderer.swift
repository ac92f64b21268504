import ProbeStore

/// Writes the per-probe families of `/metrics` from copies of every probe's ``ProbeSeries``.
///
/// Each family appears once, HELP and TYPE then every probe's samples in the order given (``ProbeSeriesTable``
/// sorts by target, then probe), and only when at least one probe has a series in it: with no discovery probe
/// configured there is no `reflectprobe_target_methods` family at all. Families come in the order of
/// ``MetricFamily``'s per-probe section.
enum ProbeFamiliesRenderer {
  /// `le` values of the duration histogram, as swift-prometheus wrote them (`0.005` … `1.0` … `10.0`).
  static let durationBounds = LatencyBuckets.bounds.map(ExpositionWriter.formatBound)
  static let driftKinds = DriftEvent.Kind.allCases.map(\.rawValue)
  static let windows = AvailabilityWindow.allCases.map(\.rawValue)

  /// Writes every family; `afterSeries` runs after each probe's samples of each family (to drain the writer).
  static func render(
    _ all: [ProbeSeries], into writer: inout ExpositionWriter,
    afterSeries: (inout ExpositionWriter) -> Void = { _ in }
  ) {
    func family(
      _ family: MetricFamily.Name, _ type: ExpositionWriter.MetricType, _ all: [ProbeSeries],
      where hasSamples: (ProbeSeries) -> Bool = { _ in true }, writer: inout ExpositionWriter,
      _ samples: (ProbeSeries, inout ExpositionWriter) -> Void
    ) {
      guard all.contains(where: hasSamples) else { return }
      writer.header(name: family.name, help: family.help, type: type)
      for series in all where hasSamples(series) {
        samples(series, &writer)
        afterSeries(&writer)
      }
    }
    family(MetricFamily.probeSuccess, .gauge, all, writer: &writer) { series, writer in
      writer.sample(MetricFamily.probeSuccess.name, labels: series.renderedLabels, series.success)
    }
    family(MetricFamily.probeDuration, .histogram, all, writer: &writer) { series, writer in
      writer.histogram(
        MetricFamily.probeDuration.name, labels: series.renderedLabels, bounds: durationBounds,
        counts: series.durationCounts, sum: series.durationSum)
    }
    family(MetricFamily.probesTotal, .counter, all, where: { !$0.totals.isEmpty }, writer: &writer) {
      series, writer in
      for (code, count) in series.totals {
        writer.sample(MetricFamily.probesTotal.name, labels: series.renderedLabels, extra: ("code", code), count)
      }
    }
    family(MetricFamily.phaseDuration, .gauge, all, where: { !$0.phases.isEmpty }, writer: &writer) {
      series, writer in
      for (phase, seconds) in series.phases {
        writer.sample(MetricFamily.phaseDuration.name, labels: series.renderedLabels, extra: ("phase", phase), seconds)
      }
    }
    family(MetricFamily.healthStatus, .gauge, all, where: { $0.health != nil }, writer: &writer) { series, writer in
      for (status, value) in zip(ProbeSeries.servingStatuses, series.health ?? []) {
        writer.sample(
          MetricFamily.healthStatus.name, labels: series.renderedLabels, extra: ("serving_status", status), value)
      }
    }
    family(MetricFamily.targetServices, .gauge, all, where: { $0.services != nil }, writer: &writer) {
      series, writer in
      if let value = series.services {
        writer.sample(MetricFamily.targetServices.name, labels: series.renderedLabels, value)
      }
    }
    family(MetricFamily.targetMethods, .gauge, all, where: { $0.methods != nil }, writer: &writer) {
      series, writer in
      if let value = series.methods {
        writer.sample(MetricFamily.targetMethods.name, labels: series.renderedLabels, value)
      }
    }
    family(MetricFamily.schemaChanges, .counter, all, where: { $0.schemaChanges != nil }, writer: &writer) {
      series, writer in
      for (kind, count) in zip(driftKinds, series.schemaChanges ?? []) {
        writer.sample(MetricFamily.schemaChanges.name, labels: series.renderedLabels, extra: ("kind", kind), count)
      }
    }
    family(MetricFamily.certificateExpiry, .gauge, all, where: { $0.certificateExpiry != nil }, writer: &writer) {
      series, writer in
      if let value = series.certificateExpiry {
        writer.sample(MetricFamily.certificateExpiry.name, labels: series.renderedLabels, value)
      }
    }
    family(
      MetricFamily.availability, .gauge, all, where: { $0.availability.contains { $0 != nil } }, writer: &writer
    ) { series, writer in
      for (window, ratio) in zip(windows, series.availability) {
        if let ratio {
          writer.sample(MetricFamily.availability.name, labels: series.renderedLabels, extra: ("window", window), ratio)
        }
      }
    }
    family(MetricFamily.missedRuns, .counter, all, writer: &writer) { series, writer in
      writer.sample(MetricFamily.missedRuns.name, labels: series.renderedLabels, series.missedRuns)
    }
  }
}
