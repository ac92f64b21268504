import AgentConfig
import GRPCDynamic
import Testing

@testable import ProbeAgent

/// How a configured target becomes client options (no server needed).
@Suite struct TargetClientFactoryTests {
  let factory = TargetClientFactory(pool: ConnectionPool())

  @Test func plaintextReflectionDefaults() throws {
    var target = TargetConfig(name: "demo", address: "127.0.0.1:50051")
    target.probes = [
      ProbeSpec(name: "a", kind: .health(.init()), interval: .seconds(30), timeout: .seconds(5)),
      ProbeSpec(name: "b", kind: .health(.init()), interval: .seconds(30), timeout: .seconds(2)),
    ]
    let options = try factory.options(for: target)
    #expect(options.connection.security == .plaintext)
    #expect(options.connection.connectTimeout == .seconds(6))
    #expect(options.reflectHeaders.isEmpty)
    #expect(options.cachesDescriptors && options.descriptorCacheTTL == .seconds(300))
    #expect(options.json.emitDefaults && options.json.indent == nil && !options.json.useProtoNames)
    guard case .reflection = options.descriptorSource else {
      Issue.record("expected reflection, got \(options.descriptorSource)")
      return
    }
    let client = try factory.client(for: target)
    #expect(client.address.description == "127.0.0.1:50051")
  }

  @Test func tlsMetadataAndCacheTTL() throws {
    var target = TargetConfig(name: "secure", address: "api.example.com:443")
    var tls = TLSConfig()
    tls.caFile = "/etc/ca.pem"
    tls.certFile = "/etc/client.pem"
    tls.keyFile = "/etc/client.key"
    tls.serverName = "api.internal"
    target.tls = tls
    target.metadata = [
      MetadataEntry(name: "x-api-key", value: "k", secret: true), MetadataEntry(name: "x-trace", value: "probe"),
    ]
    target.descriptorCacheTTL = .zero
    let options = try factory.options(for: target)
    #expect(
      options.connection.security
        == .tls(
          TLSOptions(
            caCertificatePath: "/etc/ca.pem", certificatePath: "/etc/client.pem", keyPath: "/etc/client.key",
            serverName: "api.internal")))
    #expect(options.reflectHeaders == ["x-api-key": "k", "x-trace": "probe"])
    #expect(!options.cachesDescriptors)
    #expect(options.connection.connectTimeout == .seconds(10))
  }

  @Test func reflectionOffNeedsAProtoset() throws {
    var target = TargetConfig(name: "dark", address: "127.0.0.1:1")
    target.reflection = false
    #expect(throws: DynamicClientError.self) { try factory.options(for: target) }
    target.protosets = ["/nonexistent/descriptors.protoset"]
    let error = try #require(throws: DynamicClientError.self) { try factory.options(for: target) }
    #expect(error.code == .descriptorSourceFailed, "\(error)")
  }
}
