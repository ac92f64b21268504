import Foundation

/// A throw-away PKI made with the `openssl` command: a CA, a server certificate for the name `localhost` only
/// (no IP address, so dialling 127.0.0.1 needs the server-name override), and a client certificate.
public struct TestCertificates {
  public let directory: URL
  public var caCertificate: String { path("ca.pem") }
  public var serverCertificate: String { path("server.pem") }
  public var serverKey: String { path("server.key") }
  public var clientCertificate: String { path("client.pem") }
  public var clientKey: String { path("client.key") }

  public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  public static func make() async throws -> TestCertificates {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pki-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let pki = TestCertificates(directory: directory)
    try """
    subjectAltName = DNS:localhost
    extendedKeyUsage = serverAuth
    """.write(toFile: pki.path("server.ext"), atomically: true, encoding: .utf8)
    try "extendedKeyUsage = clientAuth\n".write(toFile: pki.path("client.ext"), atomically: true, encoding: .utf8)
    let steps: [[String]] = [
      [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
        pki.path("ca.key"), "-out", pki.caCertificate,
        "-days", "2", "-subj", "/CN=reflectprobe test CA",
      ],
      [
        "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", pki.serverKey, "-out",
        pki.path("server.csr"),
        "-subj", "/CN=localhost",
      ],
      [
        "x509", "-req", "-in", pki.path("server.csr"), "-CA", pki.caCertificate, "-CAkey", pki.path("ca.key"),
        "-CAcreateserial", "-out", pki.serverCertificate, "-days", "2", "-extfile", pki.path("server.ext"),
      ],
      [
        "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", pki.clientKey, "-out",
        pki.path("client.csr"),
        "-subj", "/CN=reflectprobe test client",
      ],
      [
        "x509", "-req", "-in", pki.path("client.csr"), "-CA", pki.caCertificate, "-CAkey", pki.path("ca.key"),
        "-CAcreateserial", "-out", pki.clientCertificate, "-days", "2", "-extfile", pki.path("client.ext"),
      ],
    ]
    for arguments in steps { try await openssl(arguments) }
    return pki
  }

  private static func openssl(_ arguments: [String]) async throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = ContinuousClock.now + .seconds(30)
    while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
    guard !process.isRunning, process.terminationStatus == 0 else {
      if process.isRunning { process.terminate() }
      throw PeerError("openssl \(arguments.prefix(2).joined(separator: " ")) failed")
    }
  }

  /// Starts the TLS test server; with `mutual`, it requires a client certificate from the test CA.
  public func startServer(mutual: Bool = false) async throws -> PeerProcess {
    var arguments = ["--cert", serverCertificate, "--key", serverKey]
    if mutual { arguments += ["--client-ca", caCertificate] }
    return try await PeerProcess.testServer(arguments)
  }

  public func remove() { try? FileManager.default.removeItem(at: directory) }
}
