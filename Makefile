# reflectprobe — build, run, test, benchmark. Each target installs what it needs (Debian packages, a Python venv).
SHELL := /bin/bash
SWIFT ?= swift
VENV := .venv
PY := $(VENV)/bin/python
APT_PACKAGES := protobuf-compiler libprotobuf-dev openssl libsqlite3-dev sqlite3 prometheus prometheus-blackbox-exporter systemd curl
BUILD_DIR := .build

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

DEMO_PORT ?= 50051
AGENT_CONFIG ?= etc/reflectprobe.yaml
CLI := $(BUILD_DIR)/debug/reflectprobe
STATE_DIR := $(BUILD_DIR)/agent-state

# Starts reflectprobe-demo on 127.0.0.1:$(DEMO_PORT) and the agent on $(AGENT_CONFIG) (which probes the demo);
# history goes to $(STATE_DIR). Ctrl-C stops both (the agent gracefully).
run: build
	@mkdir -p $(STATE_DIR)
	@$(BUILD_DIR)/debug/reflectprobe-demo --port $(DEMO_PORT) & demo=$$!; \
	trap 'kill $$demo $$agent 2>/dev/null; wait' EXIT INT TERM; \
	for i in $$(seq 1 100); do $(CLI) health -plaintext 127.0.0.1:$(DEMO_PORT) >/dev/null 2>&1 && break; sleep 0.1; done; \
	$(BUILD_DIR)/debug/reflectprobe check-config $(AGENT_CONFIG) || exit 1; \
	STATE_DIRECTORY=$(abspath $(STATE_DIR)) $(BUILD_DIR)/debug/reflectprobe agent --config $(AGENT_CONFIG) & agent=$$!; \
	listen=$$(sed -n 's/^ *listen: *\([^ #]*\).*/\1/p' $(AGENT_CONFIG) | head -1); listen=$${listen:-127.0.0.1:9464}; \
	for i in $$(seq 1 100); do test -s $(STATE_DIR)/api-token && curl -fs -H "Authorization: Bearer $$(cat $(STATE_DIR)/api-token)" http://$$listen/-/ready >/dev/null 2>&1 && break; sleep 0.1; done; \
	echo; \
	echo "reflectprobe-demo: 127.0.0.1:$(DEMO_PORT) (reflection v1 + v1alpha, health)"; \
	echo "agent:             http://$$listen/metrics   (also /probe?target=demo&module=NAME, /-/healthy, /-/ready)"; \
	echo "history:           $(STATE_DIR)/reflectprobe.db"; \
	echo "REST API token:    $(STATE_DIR)/api-token (generated; every path but /metrics and /-/healthy needs it)"; \
	echo "try:  curl -s http://$$listen/metrics | grep reflectprobe_probe_success"; \
	echo "      curl -s -H \"Authorization: Bearer \$$(cat $(STATE_DIR)/api-token)\" http://$$listen/api/v1/targets"; \
	echo "      $(CLI) call -plaintext -d '{\"userId\": 1}' 127.0.0.1:$(DEMO_PORT) api.users.UserService/GetUser"; \
	echo "Ctrl-C stops both."; \
	wait $$agent

# The executables are built first: CLI and server tests run them as real processes. At most TEST_WIDTH tests run
# at once: many tests wait on real processes, and the timing tests (scheduler, watchdog, deadlines) need the
# 2-core machine's concurrency pool not to be starved by dozens of them at a time.
TEST_WIDTH ?= 3
test: deps venv
	$(SWIFT) build
	@mkdir -p $(BUILD_DIR)
	REFLECTPROBE_PYTHON=$(abspath $(PY)) SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=$(TEST_WIDTH) \
	  $(SWIFT) test 2>&1 | tee $(BUILD_DIR)/test.log; exit $${PIPESTATUS[0]}

# The bench runs the release `reflectprobe` and `reflectprobe-demo` found next to it as child processes.
bench: deps venv
	$(SWIFT) build -c release --product reflectprobe-bench
	$(SWIFT) build -c release --product reflectprobe-demo
	$(SWIFT) build -c release --product reflectprobe
	@mkdir -p $(BUILD_DIR)
	protoc -I /usr/include -I Sources/reflectprobe-bench/Protos --include_imports \
	  --descriptor_set_out=$(BUILD_DIR)/bench.protoset bench.proto
	REFLECTPROBE_PYTHON=$(abspath $(PY)) $(BUILD_DIR)/release/reflectprobe-bench --protoset $(BUILD_DIR)/bench.protoset

# Regenerates committed generated code (builds protoc plugins once, ~10 minutes).
generate: deps
	bash Tests/Scripts/generate-protos.sh

clean:
	rm -rf $(BUILD_DIR) $(VENV)
