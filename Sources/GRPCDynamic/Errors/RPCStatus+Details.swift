import DynamicProto
import GRPCCore

extension RPCStatus {
  /// The trailer that carries a serialized `google.rpc.Status`.
  static let detailsKey = "grpc-status-details-bin"

  /// Builds a status from grpc-swift's code and message, decoding `grpc-status-details-bin` from the trailers.
  ///
  /// Detail types are looked up in `pool` (the service's descriptors, which also hold the built-in
  /// `google.rpc` error details); a detail whose type is unknown keeps its raw bytes.
  init(code: RPCStatusCode, message: String, trailers: Metadata, pool: DescriptorPool?) {
    let bytes = trailers[binaryValues: Self.detailsKey].first(where: { _ in true })
    self.init(code: code, message: message, details: bytes.map { Self.decodeDetails($0, pool: pool) } ?? [])
  }

  /// The `details` of a serialized `google.rpc.Status`; empty when the bytes do not decode.
  static func decodeDetails(_ bytes: [UInt8], pool: DescriptorPool?) -> [RPCStatusDetail] {
    let pool = pool ?? .builtins
    guard
      let statusType = pool.message(named: "google.rpc.Status")
        ?? DescriptorPool.builtins.message(named: "google.rpc.Status"),
      let status = try? DynamicMessage(statusType, binary: bytes),
      case .list(let items)? = status["details"]
    else { return [] }
    return items.compactMap { item in
      guard case .message(let any) = item else { return nil }
      guard case .string(let url)? = any["type_url"] else { return nil }
      var value: [UInt8] = []
      if case .bytes(let bytes)? = any["value"] { value = bytes }
      let typeName = url.split(separator: "/").last.map(String.init) ?? url
      let resolvable = any.descriptor.descriptorPool.message(named: typeName) != nil
      return RPCStatusDetail(typeURL: url, value: value, any: resolvable ? any : nil)
    }
  }
}
