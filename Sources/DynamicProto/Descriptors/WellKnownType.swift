/// Message types with a special JSON mapping in the ProtoJSON spec.
enum WellKnownType: Sendable {
  case any, timestamp, duration, fieldMask, structValue, value, listValue, empty
  case doubleValue, floatValue, int64Value, uint64Value, int32Value, uint32Value, boolValue, stringValue, bytesValue

  init?(fullName: String) {
    switch fullName {
    case "google.protobuf.Any": self = .any
    case "google.protobuf.Timestamp": self = .timestamp
    case "google.protobuf.Duration": self = .duration
    case "google.protobuf.FieldMask": self = .fieldMask
    case "google.protobuf.Struct": self = .structValue
    case "google.protobuf.Value": self = .value
    case "google.protobuf.ListValue": self = .listValue
    case "google.protobuf.Empty": self = .empty
    case "google.protobuf.DoubleValue": self = .doubleValue
    case "google.protobuf.FloatValue": self = .floatValue
    case "google.protobuf.Int64Value": self = .int64Value
    case "google.protobuf.UInt64Value": self = .uint64Value
    case "google.protobuf.Int32Value": self = .int32Value
    case "google.protobuf.UInt32Value": self = .uint32Value
    case "google.protobuf.BoolValue": self = .boolValue
    case "google.protobuf.StringValue": self = .stringValue
    case "google.protobuf.BytesValue": self = .bytesValue
    default: return nil
    }
  }

  /// Whether this is one of the `google.protobuf.*Value` wrappers.
  var isWrapper: Bool {
    switch self {
    case .doubleValue, .floatValue, .int64Value, .uint64Value, .int32Value, .uint32Value, .boolValue, .stringValue,
      .bytesValue:
      true
    default: false
    }
  }
}
