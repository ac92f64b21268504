#!/usr/bin/env bash
# Regenerates Sources/DynamicProto/Generated/BuiltinDescriptors.swift: the well-known types and google.rpc
# status/error details as one serialized FileDescriptorSet, so the descriptor pool knows them even when a server
# omits them. Needs only Debian's protoc (protobuf-compiler + libprotobuf-dev for the WKT .proto files).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash Tests/Scripts/embed-descriptor-set.sh Sources/DynamicProto/Generated/BuiltinDescriptors.swift BuiltinDescriptors \
  "A serialized FileDescriptorSet holding the well-known types and google/rpc/{status,error_details}.proto." \
  -I /usr/include -I Sources/DynamicProto/Protos \
  google/protobuf/any.proto google/protobuf/api.proto google/protobuf/descriptor.proto \
  google/protobuf/duration.proto google/protobuf/empty.proto google/protobuf/field_mask.proto \
  google/protobuf/source_context.proto google/protobuf/struct.proto google/protobuf/timestamp.proto \
  google/protobuf/type.proto google/protobuf/wrappers.proto \
  google/rpc/status.proto google/rpc/error_details.proto
