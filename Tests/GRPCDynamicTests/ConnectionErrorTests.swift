import Foundation
import GRPCDynamic
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Failures before any status: each a distinct, actionable error with exit code 1 (2 for bad arguments).
@Suite struct ConnectionErrorTests {
  @Test func closedPortIsAConnectionFailure() async throws {
    let port = try LocalSockets.closedPort()
    try await TestClients.with("127.0.0.1:\(port)") { client in
      let started = ContinuousClock.now
      for operation in ["list", "invoke", "health"] {
        let error = try await expectClientError {
          switch operation {
          case "list": _ = try await client.listServices()
          case "invoke": _ = try await client.invoke("a.B/C")
          default: _ = try await client.healthCheck()
          }
        }
        #expect(error.code == .connectionFailed, "\(operation): \(error.message)")
        #expect(error.address == "127.0.0.1:\(port)")
        #expect(error.message.contains("127.0.0.1:\(port)"))
        #expect(error.exitCode == 1)
      }
      // Three refused attempts: less than three 5 s connect timeouts, even on a loaded machine.
      #expect(ContinuousClock.now - started < .seconds(12), "refusal is reported at once, not after a timeout")
    }
  }

  @Test func silentServerHitsTheConnectTimeout() async throws {
    let (fd, port) = try LocalSockets.silentListener()
    defer { close(fd) }
    var options = TestClients.options
    options.connection.connectTimeout = .milliseconds(500)
    try await TestClients.with("127.0.0.1:\(port)", options: options) { client in
      let started = ContinuousClock.now
      let reflection = try await expectClientError { _ = try await client.listServices() }
      #expect(reflection.code == .connectionFailed)
      #expect(reflection.message.contains("timed out after 500ms"), "\(reflection.message)")
      let health = try await expectClientError { _ = try await client.healthCheck() }
      #expect(health.code == .connectionFailed)
      // Bounded by the 500 ms connect timeout (plus scheduling on a loaded machine), not by a default or a hang.
      #expect(ContinuousClock.now - started < .seconds(15))
    }
  }

  @Test func http1ServerIsNotAGRPCServer() async throws {
    let python =
      ProcessInfo.processInfo.environment["REFLECTPROBE_PYTHON"]
      ?? PeerProcess.repoRoot.appendingPathComponent(".venv/bin/python").path
    let script = """
      import http.server, sys
      s = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
      print(f"listening on 127.0.0.1:{s.server_address[1]}", flush=True)
      s.serve_forever()
      """
    let server = try PeerProcess.start(
      name: "http.server", executable: python, arguments: ["-c", script], graceful: false)
    try await withPeer(server) { peer in
      try await TestClients.with(peer.address) { client in
        let error = try await expectClientError { _ = try await client.listServices() }
        #expect(error.code == .connectionFailed)
        #expect(error.message.contains("not a gRPC server"), "\(error.message)")
        #expect(error.message.contains("HTTP/"), "\(error.message)")
      }
    }
  }

  @Test(arguments: ["localhost", "127.0.0.1:", "127.0.0.1:99999", "[::1", "[::1]", "host name:80", "", ":80"])
  func malformedAddressIsAnInvalidArgument(address: String) async throws {
    let error = try await expectClientError {
      _ = try await withConnectionPool { pool in try DynamicClient(target: address, pool: pool) }
    }
    #expect(error.code == .invalidArgument)
    #expect(error.message.contains("expected host:port"))
    #expect(error.exitCode == 2)
  }

  @Test func wellFormedAddresses() throws {
    #expect(try ServerAddress(parsing: "127.0.0.1:50051").kind == .ipv4("127.0.0.1", port: 50051))
    #expect(try ServerAddress(parsing: "[::1]:8080").kind == .ipv6("::1", port: 8080))
    #expect(try ServerAddress(parsing: "::1:8080").kind == .ipv6("::1", port: 8080))
    #expect(try ServerAddress(parsing: "api.example.com:443").kind == .dns("api.example.com", port: 443))
    #expect(try ServerAddress(parsing: "unix:///tmp/s.sock").kind == .unixSocket(path: "/tmp/s.sock"))
    #expect(try ServerAddress(parsing: "unix:/tmp/s.sock").description == "unix:/tmp/s.sock")
  }

  @Test func invalidOptionsAreRejectedUpFront() async throws {
    var options = TestClients.options
    options.connection = ConnectionOptions(
      security: .tls(TLSOptions(serverName: "a.example")), authority: "b.example")
    let conflict = try await expectClientError {
      _ = try await withConnectionPool { pool in try DynamicClient(target: "127.0.0.1:1", options: options, pool: pool)
      }
    }
    #expect(conflict.code == .invalidArgument)
    options.connection = ConnectionOptions(security: .tls(TLSOptions(certificatePath: "c.pem")))
    let half = try await expectClientError {
      _ = try await withConnectionPool { pool in try DynamicClient(target: "127.0.0.1:1", options: options, pool: pool)
      }
    }
    #expect(half.message.contains("-cert and -key"))
  }
}
