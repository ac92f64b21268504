import Foundation
import Testing

@testable import ProbeAgent

@Suite struct ExpositionWriterTests {
  private func text(_ body: (inout ExpositionWriter) -> Void) -> String {
    var writer = ExpositionWriter()
    body(&writer)
    return String(decoding: writer.bytes, as: UTF8.self)
  }

  @Test func headerEscapesHelpAndSkipsEmptyHelp() {
    #expect(
      text { $0.header(name: "a_total", help: #"back\slash and"# + "\nnewline", type: .counter) }
        == "# HELP a_total back\\\\slash and\\nnewline\n# TYPE a_total counter\n")
    #expect(text { $0.header(name: "b", help: "", type: .gauge) } == "# TYPE b gauge\n")
  }

  @Test func labelValuesAreEscaped() {
    let labels = ExpositionWriter.renderLabels([("a", #"x\y"#), ("b", #"say "hi""#), ("c", "two\nlines")])
    #expect(String(decoding: labels, as: UTF8.self) == #"a="x\\y",b="say \"hi\"",c="two\nlines""#)
    #expect(
      text { $0.sample("m", labels: labels, extra: ("code", "\""), 1.5) }
        == #"m{a="x\\y",b="say \"hi\"",c="two\nlines",code="\""} 1.5"# + "\n")
    let parsed = Exposition(text { $0.sample("m", labels: labels, 2.0) })
    #expect(parsed.samples.first?.labels == ["a": #"x\y"#, "b": #"say "hi""#, "c": "two\nlines"])
  }

  @Test func samplesWithAndWithoutLabels() {
    #expect(text { $0.sample("up", labels: [], 1.0) } == "up 1.0\n")
    #expect(text { $0.sample("up", labels: [], extra: ("le", "1.0"), UInt64(3)) } == "up{le=\"1.0\"} 3\n")
    let labels = ExpositionWriter.renderLabels([("target", "t")])
    #expect(text { $0.sample("runs_total", labels: labels, UInt64(12)) } == "runs_total{target=\"t\"} 12\n")
  }

  @Test func floatsAsSwiftPrometheusWroteThemAndNonFiniteAsTheFormatSays() {
    func format(_ value: Double) -> String {
      var out: [UInt8] = []
      ExpositionWriter.appendValue(value, to: &out)
      return String(decoding: out, as: UTF8.self)
    }
    #expect(format(1) == "1.0")
    #expect(format(0) == "0.0")
    #expect(format(0.005) == "0.005")
    #expect(format(0.999) == "0.999")
    #expect(format(1e-05) == "1e-05")
    #expect(format(1_900_000_000) == "1900000000.0")
    #expect(format(-2.5) == "-2.5")
    #expect(format(.infinity) == "+Inf")
    #expect(format(-.infinity) == "-Inf")
    #expect(format(.nan) == "NaN")
    #expect(ExpositionWriter.formatBound(10) == "10.0")
    #expect(ExpositionWriter.formatBound(.infinity) == "+Inf")
    for value in [0.1, 1e-9, 123_456.789, 6.02e23] { #expect(Double(format(value)) == value) }
  }

  @Test func histogramBucketsAreCumulativeAndEndWithInf() {
    let labels = ExpositionWriter.renderLabels([("probe", "p")])
    let out = text {
      $0.histogram("d_seconds", labels: labels, bounds: ["0.1", "1.0"], counts: [2, 0, 3], sum: 7.25)
    }
    #expect(
      out == """
        d_seconds_bucket{probe="p",le="0.1"} 2
        d_seconds_bucket{probe="p",le="1.0"} 2
        d_seconds_bucket{probe="p",le="+Inf"} 5
        d_seconds_sum{probe="p"} 7.25
        d_seconds_count{probe="p"} 5

        """)
    #expect(
      text { $0.histogram("h", labels: [], bounds: [], counts: [0], sum: 0) }
        == "h_bucket{le=\"+Inf\"} 0\nh_sum 0.0\nh_count 0\n")
  }

  @Test func promtoolAcceptsWhatItWrites() throws {
    let labels = ExpositionWriter.renderLabels([("target", "a \"b\"\\\n"), ("probe", "p")])
    var writer = ExpositionWriter()
    writer.header(name: "x_ratio", help: "A ratio\\with a backslash.", type: .gauge)
    writer.sample("x_ratio", labels: labels, .nan)
    writer.sample("x_ratio", labels: labels, extra: ("window", "1h"), .infinity)
    writer.sample("x_ratio", labels: labels, extra: ("window", "24h"), -.infinity)
    writer.header(name: "x_seconds", help: "Durations.", type: .histogram)
    writer.histogram("x_seconds", labels: labels, bounds: ["0.5", "1.0"], counts: [1, 1, 1], sum: 11)
    writer.header(name: "x_total", help: "Runs.", type: .counter)
    writer.sample("x_total", labels: labels, extra: ("code", "OK"), UInt64(4))
    let result = try Promtool.checkMetrics(writer.bytes)
    #expect(result.status == 0 && result.output == "", "promtool: \(result.output)")
  }
}
