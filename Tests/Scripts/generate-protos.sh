#!/usr/bin/env bash
# Regenerates every committed .pb.swift file. Run once after changing a .proto; needs Debian's protoc and the
# plugins built by build-protoc-plugins.sh (~10 minutes the first time, cached afterwards).
set -euo pipefail
cd "$(dirname "$0")/../.."
PLUGINS=$(bash Tests/Scripts/build-protoc-plugins.sh | tail -1)
bash Tests/Scripts/generate-builtin-descriptors.sh

gen_swift() { # out-dir proto-dir files...
  local out=$1 dir=$2; shift 2
  mkdir -p "$out"
  protoc -I /usr/include -I "$dir" --plugin=protoc-gen-swift="$PLUGINS/protoc-gen-swift" \
    --swift_out="$out" --swift_opt=Visibility=Public,FileNaming=PathToUnderscores "$@"
}

# Benchmark reference: swift-protobuf generated code for the rich benchmark message.
gen_swift Sources/reflectprobe-bench/Generated Sources/reflectprobe-bench/Protos bench.proto
gen_grpc() { # out-dir proto-dir options files...
  local out=$1 dir=$2 opts=$3; shift 3
  mkdir -p "$out"
  protoc -I /usr/include -I "$dir" --plugin=protoc-gen-grpc-swift-2="$PLUGINS/protoc-gen-grpc-swift-2" \
    --grpc-swift-2_out="$out" --grpc-swift-2_opt="Visibility=Public,FileNaming=PathToUnderscores,$opts" "$@"
}

# Reflection (v1, v1alpha) and health messages + service stubs, shared by the client, the demo and test servers.
P=Sources/GRPCProtos/Protos
FILES="grpc/reflection/v1/reflection.proto grpc/reflection/v1alpha/reflection.proto grpc/health/v1/health.proto"
gen_swift Sources/GRPCProtos/Generated $P $FILES
gen_grpc Sources/GRPCProtos/Generated $P "Client=true,Server=true" $FILES

# The demo server's services (server stubs for reflectprobe-demo, client stubs for the generated-client benchmark).
D=Sources/reflectprobe-demo/Protos
DEMO="api/users/users.proto api/products/products.proto api/orders/orders.proto"
gen_swift Sources/DemoServices/Generated $D $DEMO
gen_grpc Sources/DemoServices/Generated $D "Client=true,Server=true" $DEMO
bash Tests/Scripts/embed-descriptor-set.sh Sources/DemoServices/Generated/DemoDescriptors.swift DemoDescriptors \
  "The demo services' files and their imports, served by the demo's reflection service." -I /usr/include -I $D $DEMO
bash Tests/Scripts/embed-descriptor-set.sh Sources/ReflectionService/Generated/GRPCServiceDescriptors.swift \
  GRPCServiceDescriptors "The reflection (v1, v1alpha) and health .proto files, served by reflection itself." \
  -I Sources/GRPCProtos/Protos $FILES
echo "generated"
