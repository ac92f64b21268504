# reflectprobe — build, run, test, benchmark. Each target installs what it needs (Debian packages, a Python venv).
SHELL := /bin/bash
SWIFT ?= swift
VENV := .venv
PY := $(VENV)/bin/python
APT_PACKAGES := protobuf-compiler libprotobuf-dev
BUILD_DIR := .build
DEMO_PROTOSET := $(BUILD_DIR)/demo.protoset

.PHONY: all build release run test bench deps venv generate clean

all: build

# Debian packages: installed only when one is missing (apt-get needs root; CI runs as root).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# Python venv with the test peers and references (protobuf json_format, grpcio servers).
venv: $(VENV)/.stamp
$(VENV)/.stamp: Tests/Scripts/requirements.txt | deps
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r Tests/Scripts/requirements.txt
	touch $@

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

$(DEMO_PROTOSET): $(wildcard Sources/reflectprobe-demo/Protos/api/*/*.proto) | deps
	@mkdir -p $(BUILD_DIR)
	protoc -I /usr/include -I Sources/reflectprobe-demo/Protos --include_imports --descriptor_set_out=$@ $(patsubst Sources/reflectprobe-demo/Protos/%,%,$(wildcard Sources/reflectprobe-demo/Protos/api/*/*.proto))

# Until the agent lands, `run` shows the CLI on the bundled demo schema: list, describe, and a JSON→binary→JSON
# round trip of a request.
run: build $(DEMO_PROTOSET)
	$(BUILD_DIR)/debug/reflectprobe list -protoset $(DEMO_PROTOSET)
	$(BUILD_DIR)/debug/reflectprobe describe -protoset $(DEMO_PROTOSET) api.users.UserService
	$(BUILD_DIR)/debug/reflectprobe describe -protoset $(DEMO_PROTOSET) api.users.UpdateProfileRequest -msg-template
	@echo '{"userId": 1, "fieldMask": "displayName", "profile": {"displayName": "Ada"}}' \
	  | $(BUILD_DIR)/debug/reflectprobe convert -protoset $(DEMO_PROTOSET) -type api.users.UpdateProfileRequest -from json -to binary \
	  | $(BUILD_DIR)/debug/reflectprobe convert -protoset $(DEMO_PROTOSET) -type api.users.UpdateProfileRequest -from binary -to json

# The executables are built first: CLI and server tests run them as real processes.
test: deps venv
	$(SWIFT) build
	@mkdir -p $(BUILD_DIR)
	REFLECTPROBE_PYTHON=$(abspath $(PY)) $(SWIFT) test 2>&1 | tee $(BUILD_DIR)/test.log; exit $${PIPESTATUS[0]}

bench: deps venv
	$(SWIFT) build -c release --product reflectprobe-bench
	@mkdir -p $(BUILD_DIR)
	protoc -I /usr/include -I Sources/reflectprobe-bench/Protos --include_imports \
	  --descriptor_set_out=$(BUILD_DIR)/bench.protoset bench.proto
	REFLECTPROBE_PYTHON=$(abspath $(PY)) $(BUILD_DIR)/release/reflectprobe-bench --protoset $(BUILD_DIR)/bench.protoset

# Regenerates committed generated code (builds protoc plugins once, ~10 minutes).
generate: deps
	bash Tests/Scripts/generate-protos.sh

clean:
	rm -rf $(BUILD_DIR) $(VENV)
