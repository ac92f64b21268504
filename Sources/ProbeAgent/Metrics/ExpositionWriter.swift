import NIOCore

/// Writes the Prometheus text exposition format 0.0.4 into a byte buffer: `# HELP` and `# TYPE` lines, samples
/// with escaped labels, and whole classic histograms (cumulative `_bucket` series, `+Inf`, `_sum`, `_count`).
///
/// This is the "equivalent" of swift-prometheus that issue #4 allows for the per-probe families: the agent keeps
/// those in its own table (``ProbeSeriesTable``) because swift-prometheus 2.4.1 copies a family's whole
/// label→series dictionary each time a labelled series is added, which made creating 5,000 probes' series
/// quadratic. Every byte of the per-probe exposition goes through this one type, so the format lives in one
/// place; agent-wide families stay in swift-prometheus and are emitted into the same buffer before these.
///
/// Output matches swift-prometheus 2.4.1 so series keep their identity across the change: gauge values, sums and
/// `le` bounds are written as Swift's shortest round-trip `description` (`1.0`, `0.005`, `1e-05`), counters as
/// integers; non-finite values as the format's `+Inf`, `-Inf` and `NaN` (swift-prometheus wrote `inf`/`nan`).
/// Label values escape `\`, `"` and line feed; HELP text escapes `\` and line feed. Names are written as given:
/// callers pass valid metric and label names (``MetricLabels`` sanitises configured ones).
struct ExpositionWriter {
  /// The exposition written so far.
  private(set) var bytes: [UInt8]

  /// The metric types of the format's `# TYPE` line.
  enum MetricType: String {
    case counter, gauge, histogram
  }

  /// An empty exposition with room for `capacity` bytes.
  init(capacity: Int = 0) {
    bytes = []
    bytes.reserveCapacity(capacity)
  }

  /// Moves what was written so far to the end of `buffer` and empties ``bytes`` (keeping its capacity), so a
  /// large exposition can be written in chunks without holding it twice.
  mutating func drain(into buffer: inout ByteBuffer) {
    buffer.writeBytes(bytes)
    bytes.removeAll(keepingCapacity: true)
  }

  /// Lets `body` append exposition text written elsewhere (swift-prometheus's `emit(into:)`), in place.
  mutating func appendRaw(_ body: (inout [UInt8]) -> Void) { body(&bytes) }

  // MARK: Family headers

  /// `# HELP name help` (unless `help` is empty) then `# TYPE name type`.
  mutating func header(name: String, help: String, type: MetricType) {
    if !help.isEmpty {
      bytes.append(contentsOf: "# HELP ".utf8)
      bytes.append(contentsOf: name.utf8)
      bytes.append(UInt8(ascii: " "))
      for byte in help.utf8 {
        switch byte {
        case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
        case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
        default: bytes.append(byte)
        }
      }
      bytes.append(UInt8(ascii: "\n"))
    }
    bytes.append(contentsOf: "# TYPE ".utf8)
    bytes.append(contentsOf: name.utf8)
    bytes.append(UInt8(ascii: " "))
    bytes.append(contentsOf: type.rawValue.utf8)
    bytes.append(UInt8(ascii: "\n"))
  }

  // MARK: Samples

  /// `name{labels,extra="value"} value` with a float value; `labels` from ``renderLabels(_:)``.
  mutating func sample(_ name: String, labels: [UInt8], extra: (name: String, value: String)? = nil, _ value: Double) {
    open(name, suffix: "", labels: labels, extra: extra)
    Self.appendValue(value, to: &bytes)
    bytes.append(UInt8(ascii: "\n"))
  }

  /// `name{labels,extra="value"} count` with an integer value (counters).
  mutating func sample(_ name: String, labels: [UInt8], extra: (name: String, value: String)? = nil, _ count: UInt64) {
    open(name, suffix: "", labels: labels, extra: extra)
    bytes.append(contentsOf: String(count).utf8)
    bytes.append(UInt8(ascii: "\n"))
  }

  /// One classic histogram's series: a cumulative `_bucket` per bound then `le="+Inf"`, `_sum` and `_count`.
  ///
  /// - Parameters:
  ///   - bounds: the `le` values of the finite bounds, ascending, as ``formatBound(_:)`` writes them.
  ///   - counts: observations per bucket (not cumulative): one per bound, then the `+Inf` bucket's.
  mutating func histogram(_ name: String, labels: [UInt8], bounds: [String], counts: [UInt64], sum: Double) {
    precondition(counts.count == bounds.count + 1, "one count per bound plus +Inf")
    var cumulative: UInt64 = 0
    for (bound, count) in zip(bounds, counts) {
      cumulative += count
      open(name, suffix: "_bucket", labels: labels, extra: ("le", bound))
      bytes.append(contentsOf: String(cumulative).utf8)
      bytes.append(UInt8(ascii: "\n"))
    }
    cumulative += counts[bounds.count]
    open(name, suffix: "_bucket", labels: labels, extra: ("le", "+Inf"))
    bytes.append(contentsOf: String(cumulative).utf8)
    bytes.append(UInt8(ascii: "\n"))
    open(name, suffix: "_sum", labels: labels, extra: nil)
    Self.appendValue(sum, to: &bytes)
    bytes.append(UInt8(ascii: "\n"))
    open(name, suffix: "_count", labels: labels, extra: nil)
    bytes.append(contentsOf: String(cumulative).utf8)
    bytes.append(UInt8(ascii: "\n"))
  }

  /// The series name, its labels and the space before the value.
  private mutating func open(_ name: String, suffix: String, labels: [UInt8], extra: (name: String, value: String)?) {
    bytes.append(contentsOf: name.utf8)
    bytes.append(contentsOf: suffix.utf8)
    if !labels.isEmpty || extra != nil {
      bytes.append(UInt8(ascii: "{"))
      bytes.append(contentsOf: labels)
      if let extra {
        if !labels.isEmpty { bytes.append(UInt8(ascii: ",")) }
        bytes.append(contentsOf: extra.name.utf8)
        bytes.append(contentsOf: "=\"".utf8)
        Self.appendEscaped(extra.value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
      }
      bytes.append(UInt8(ascii: "}"))
    }
    bytes.append(UInt8(ascii: " "))
  }

  // MARK: Formatting

  /// `a="x",b="y"`: the label pairs in the given order, values escaped — rendered once per series and reused.
  static func renderLabels(_ labels: [(String, String)]) -> [UInt8] {
    var out: [UInt8] = []
    for (index, (name, value)) in labels.enumerated() {
      if index > 0 { out.append(UInt8(ascii: ",")) }
      out.append(contentsOf: name.utf8)
      out.append(contentsOf: "=\"".utf8)
      appendEscaped(value, to: &out)
      out.append(UInt8(ascii: "\""))
    }
    return out
  }

  /// A histogram bound as an `le` value: `+Inf` for infinity, else as a float value.
  static func formatBound(_ bound: Double) -> String {
    var out: [UInt8] = []
    appendValue(bound, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// A label value with `\`, `"` and line feed escaped.
  static func appendEscaped(_ value: String, to out: inout [UInt8]) {
    for byte in value.utf8 {
      switch byte {
      case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
      case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
      case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
      default: out.append(byte)
      }
    }
  }

  /// A float sample value: `+Inf`, `-Inf`, `NaN`, else Swift's shortest round-trip representation.
  static func appendValue(_ value: Double, to out: inout [UInt8]) {
    if value.isNaN {
      out.append(contentsOf: "NaN".utf8)
    } else if value.isInfinite {
      out.append(contentsOf: (value > 0 ? "+Inf" : "-Inf").utf8)
    } else {
      out.append(contentsOf: value.description.utf8)
    }
  }
}
