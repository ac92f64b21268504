import DynamicProto

/// Everything a ``DynamicClient`` needs besides the address: connection, limits, deadlines, JSON, descriptors.
public struct DynamicClientOptions: Sendable {
  /// Transport security, authority, connect timeout, keepalive, backoff.
  public var connection: ConnectionOptions
  /// Default deadline of each call (grpcurl `-max-time`); a call's own `timeout` wins. nil: no deadline.
  public var timeout: Duration?
  /// Largest response message accepted (grpcurl `-max-msg-sz`, default 4 MiB); larger ones fail the call with
  /// ``DynamicClientError/Code/responseTooLarge``. Reflection answers (descriptors, trusted) may be up to
  /// 16 MiB whatever this says.
  public var maxReceiveMessageBytes: Int
  /// How requests are read and responses written.
  public var json: JSONOptions
  /// Headers sent on reflection streams (grpcurl `-reflect-header`).
  public var reflectHeaders: RPCMetadata
  /// Where method and type descriptors come from.
  public var descriptorSource: DescriptorSourceSelection
  /// Keep reflected descriptors in the pool's ``DescriptorCache`` (TTL from the pool's configuration).
  public var cachesDescriptors: Bool
  /// This client's own descriptor cache TTL (a target's `descriptor_cache_ttl`); nil uses the pool's
  /// ``ConnectionPool/Configuration/descriptorCacheTTL``, `.zero` disables caching for this client.
  public var descriptorCacheTTL: Duration?

  public init(
    connection: ConnectionOptions = ConnectionOptions(), timeout: Duration? = nil,
    maxReceiveMessageBytes: Int = 4 << 20, json: JSONOptions = JSONOptions(), reflectHeaders: RPCMetadata = [:],
    descriptorSource: DescriptorSourceSelection = .reflection, cachesDescriptors: Bool = true,
    descriptorCacheTTL: Duration? = nil
  ) {
    self.connection = connection
    self.timeout = timeout
    self.maxReceiveMessageBytes = maxReceiveMessageBytes
    self.json = json
    self.reflectHeaders = reflectHeaders
    self.descriptorSource = descriptorSource
    self.cachesDescriptors = cachesDescriptors
    self.descriptorCacheTTL = descriptorCacheTTL
  }

  /// Plaintext, reflection, defaults otherwise.
  public static var plaintext: DynamicClientOptions { DynamicClientOptions(connection: .plaintext) }

  /// Checks every value.
  ///
  /// - Throws: ``DynamicClientError`` `.invalidArgument` naming the option.
  public func validate() throws(DynamicClientError) {
    try connection.validate()
    if let timeout, timeout <= .zero {
      throw DynamicClientError(.invalidArgument, "the call timeout must be positive")
    }
    if let descriptorCacheTTL, descriptorCacheTTL < .zero {
      throw DynamicClientError(.invalidArgument, "the descriptor cache TTL must not be negative")
    }
    guard maxReceiveMessageBytes > 0 else {
      throw DynamicClientError(.invalidArgument, "the maximum receive message size must be positive")
    }
  }
}

/// JSON settings for requests and responses (grpcurl `-emit-defaults`, `-allow-unknown-fields`).
public struct JSONOptions: Sendable, Hashable {
  /// Print fields holding their default value.
  public var emitDefaults: Bool
  /// Skip request fields the message type does not have instead of failing.
  public var allowUnknownFields: Bool
  /// Print `.proto` field names instead of lowerCamelCase JSON names.
  public var useProtoNames: Bool
  /// Indentation of printed responses; nil prints compact JSON on one line.
  public var indent: Int?

  public init(
    emitDefaults: Bool = false, allowUnknownFields: Bool = false, useProtoNames: Bool = false, indent: Int? = 2
  ) {
    self.emitDefaults = emitDefaults
    self.allowUnknownFields = allowUnknownFields
    self.useProtoNames = useProtoNames
    self.indent = indent
  }

  var codec: MessageCodec {
    MessageCodec(
      decoding: JSONDecodingOptions(ignoreUnknownFields: allowUnknownFields),
      encoding: JSONEncodingOptions(emitDefaults: emitDefaults, useProtoNames: useProtoNames, indent: indent))
  }
}

/// Which descriptors a ``DynamicClient`` uses.
public enum DescriptorSourceSelection: Sendable {
  /// The server's reflection service (grpcurl's default).
  case reflection
  /// Only local files: protosets or compiled `.proto` files; the server need not serve reflection.
  case files(ProtosetDescriptorSource)
  /// Reflection, with local files for what the server does not describe (or when it serves no reflection).
  case reflectionWithFallback(ProtosetDescriptorSource)
  /// Any source.
  case custom(any DescriptorSource)
}
