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
    --swift_out="$out" --swift_opt=Visibility=Public "$@"
}

# Benchmark reference: swift-protobuf generated code for the rich benchmark message.
gen_swift Sources/reflectprobe-bench/Generated Sources/reflectprobe-bench/Protos bench.proto
echo "generated"
