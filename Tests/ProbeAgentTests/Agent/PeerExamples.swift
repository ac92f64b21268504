/// Examples for the conformance test's Python peer target (`python`), added to the served OpenAPI document's own
/// (which name the `demo` target of `etc/reflectprobe.yaml`): path parameters and invoke bodies of every
/// streaming kind, so schemathesis's answers include streams, headers, trailers and error details.
enum PeerExamples {
  static let targets = ["demo", "python"]
  static let services = ["api.users.UserService", "peer.v1.Peer"]
  static let types = ["api.users.User", "api.users.Role", "peer.v1.EchoRequest"]
  static var invokes: [String: [String: Any]] {
    [
      "peerEcho": ["method": "peer.v1.Peer/Echo", "request": ["text": "hi"], "metadata": ["x-trace": "t1"]],
      "peerCount": ["service": "peer.v1.Peer", "method": "Count", "request": ["count": 3]],
      "peerSum": ["method": "peer.v1.Peer/Sum", "requests": [["value": 2], ["value": 5]]],
      "peerShout": ["method": "peer.v1.Peer/Shout", "requests": [["text": "a"], ["text": "b"]]],
      "peerFail": ["method": "peer.v1.Peer/Fail", "request": ["code": 9, "message": "not yet", "reason": "WAIT"]],
    ]
  }

  /// Adds the examples to a parsed OpenAPI document.
  static func add(to document: inout [String: Any]) {
    if var components = document["components"] as? [String: Any],
      var parameters = components["parameters"] as? [String: Any],
      var target = parameters["Target"] as? [String: Any]
    {
      examples(&target, targets)
      parameters["Target"] = target
      components["parameters"] = parameters
      document["components"] = components
    }
    guard var paths = document["paths"] as? [String: Any] else { return }
    for (path, value) in paths {
      guard var operations = value as? [String: Any] else { continue }
      for (method, value) in operations {
        guard var operation = value as? [String: Any] else { continue }
        if var parameters = operation["parameters"] as? [[String: Any]] {
          for index in parameters.indices where parameters[index]["in"] as? String == "path" {
            switch parameters[index]["name"] as? String {
            case "service": examples(&parameters[index], services)
            case "type": examples(&parameters[index], types)
            default: break
            }
          }
          operation["parameters"] = parameters
        }
        if path.hasSuffix("/invoke"), var body = operation["requestBody"] as? [String: Any],
          var content = body["content"] as? [String: Any], var json = content["application/json"] as? [String: Any]
        {
          var bodyExamples = json["examples"] as? [String: Any] ?? [:]
          for (name, value) in invokes { bodyExamples[name] = ["value": value] }
          json["examples"] = bodyExamples
          content["application/json"] = json
          body["content"] = content
          operation["requestBody"] = body
        }
        operations[method] = operation
      }
      paths[path] = operations
    }
    document["paths"] = paths
  }

  /// Replaces a parameter's `example` with `examples` naming each value.
  private static func examples(_ parameter: inout [String: Any], _ values: [String]) {
    parameter["example"] = nil
    parameter["examples"] = Dictionary(uniqueKeysWithValues: values.map { ($0, ["value": $0] as [String: Any]) })
  }
}
