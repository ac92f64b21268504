#!/usr/bin/env bash
# Builds protoc-gen-swift (swift-protobuf) and protoc-gen-grpc-swift-2 (grpc-swift-protobuf) from the package
# sources, once, into a cache folder. Takes ~10 minutes on 2 cores; only `make generate` needs it.
set -euo pipefail
OUT="${PLUGIN_DIR:-${HOME}/.cache/reflectprobe-protoc-plugins}"
mkdir -p "$OUT"
build() { # repo tag product
  local src="$OUT/src/$(basename "$1")"
  if [ -x "$OUT/$3" ]; then return; fi
  rm -rf "$src"; git clone -q --depth 1 --branch "$2" "https://github.com/$1" "$src"
  swift build -c release --package-path "$src" --product "$3"
  cp "$(swift build -c release --package-path "$src" --show-bin-path)/$3" "$OUT/$3"
}
build apple/swift-protobuf 1.39.0 protoc-gen-swift
build grpc/grpc-swift-protobuf 2.4.1 protoc-gen-grpc-swift-2
echo "$OUT"
