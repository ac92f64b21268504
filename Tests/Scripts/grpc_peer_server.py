#!/usr/bin/env python3
"""A real grpcio server for reflectprobe's tests, with NO generated _pb2 files for its own service.

It compiles Tests/Scripts/peer.proto with protoc (or loads --protoset), adds the files to the default descriptor
pool, builds the message classes at run time and serves:

  peer.v1.Peer        Echo (unary, metadata echo), Count (server streaming), Sum (client streaming),
                      Shout (bidi), Slow (for deadlines), Fail (error with google.rpc.Status details)
  peer.v1.PeerAdmin   SetHealth{service, status}: switch a health status (status: SERVING, NOT_SERVING,
                      UNKNOWN, or SERVICE_UNKNOWN to forget the service); replies {service, status}
  grpc.health.v1.Health                     grpcio-health-checking's HealthServicer ("" and peer.v1.Peer SERVING)
  grpc.reflection.v1alpha.ServerReflection  grpcio-reflection (it serves v1alpha ONLY: v1 is UNIMPLEMENTED),
                                            unless --no-reflection

Usage: .venv/bin/python Tests/Scripts/grpc_peer_server.py [--host 127.0.0.1] [--port 0] [--no-reflection]
           [--proto Tests/Scripts/peer.proto | --protoset FILE] [--health SERVICE=STATUS ...]

Prints exactly one line on stdout, `listening on HOST:PORT`, once serving (logs go to stderr). SIGTERM or SIGINT
stops it (exit 0).
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent import futures

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf import duration_pb2, timestamp_pb2  # noqa: F401  (puts the WKT files in the default pool)
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from grpc_status import rpc_status

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = "peer.v1"
PEER_SERVICE = PACKAGE + ".Peer"
ADMIN_SERVICE = PACKAGE + ".PeerAdmin"
MAX_COUNT = 1000
MAX_INTERVAL_MS = 1000
MAX_SLOW_SECONDS = 30.0


def log(message):
    print(f"grpc_peer_server: {message}", file=sys.stderr, flush=True)


def load_files(args):
    """The FileDescriptorProtos of --protoset, or of --proto compiled by protoc (with imports)."""
    if args.protoset:
        with open(args.protoset, "rb") as f:
            data = f.read()
    else:
        proto = os.path.abspath(args.proto)
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "peer.protoset")
            includes = ["-I", os.path.dirname(proto)]
            if os.path.isdir("/usr/include/google/protobuf"):
                includes += ["-I", "/usr/include"]
            subprocess.run(
                ["protoc", *includes, "--include_imports", f"--descriptor_set_out={out}", os.path.basename(proto)],
                check=True,
            )
            with open(out, "rb") as f:
                data = f.read()
    return descriptor_pb2.FileDescriptorSet.FromString(data).file


def default_json_name(name):
    """protoc's default JSON name: underscores dropped, the letter after each capitalised."""
    out, upper = [], False
    for ch in name:
        if ch == "_":
            upper = True
        else:
            out.append(ch.upper() if upper else ch)
            upper = False
    return "".join(out)


def strip_default_json_names(file):
    """Clears json_name where it is the default, as in the descriptors embedded in generated _pb2 files: what a
    typical grpcio server's reflection serves (only explicit json_name options survive)."""
    def visit(messages):
        for message in messages:
            for field in list(message.field) + list(message.extension):
                if field.json_name == default_json_name(field.name):
                    field.ClearField("json_name")
            visit(message.nested_type)

    visit(file.message_type)
    for field in file.extension:
        if field.json_name == default_json_name(field.name):
            field.ClearField("json_name")
    return file


def register(files):
    """Adds the files to the default pool (skipping those already there) and returns the message classes."""
    pool = descriptor_pool.Default()
    for file in files:
        try:
            pool.FindFileByName(file.name)
        except KeyError:
            pool.Add(strip_default_json_names(file))
    classes = {}
    for name in [
        "EchoRequest", "EchoReply", "CountRequest", "CountReply", "SumRequest", "SumReply", "Line",
        "SlowRequest", "SlowReply", "FailRequest", "SetHealthRequest", "SetHealthReply",
    ]:
        classes[name] = message_factory.GetMessageClass(pool.FindMessageTypeByName(f"{PACKAGE}.{name}"))
    return classes


class Peer:
    """peer.v1.Peer: each method is a plain function over run-time message classes."""

    def __init__(self, m):
        self.m = m

    def echo(self, request, context):
        metadata = {k: v for k, v in context.invocation_metadata() if k.startswith("x-") and isinstance(v, str)}
        context.send_initial_metadata((("x-peer", "python"),))
        context.set_trailing_metadata((("x-peer-trailer", "done"),))
        reply = self.m["EchoReply"](
            text=request.text, mood=request.mood, user_name=request.user_name, numbers=list(request.numbers)
        )
        for k, v in metadata.items():
            reply.metadata[k] = v
        reply.received_at.GetCurrentTime()
        return reply

    def count(self, request, context):
        count = max(0, min(request.count, MAX_COUNT))
        interval = max(0, min(request.interval_ms, MAX_INTERVAL_MS)) / 1000.0
        for n in range(1, count + 1):
            if not context.is_active():
                return
            if n > 1 and interval:
                time.sleep(interval)
            yield self.m["CountReply"](n=n)

    def sum(self, request_iterator, context):
        total, count = 0, 0
        for request in request_iterator:
            total += request.value
            count += 1
        return self.m["SumReply"](total=total, count=count)

    def shout(self, request_iterator, context):
        for line in request_iterator:
            yield self.m["Line"](text=line.text.upper())

    def slow(self, request, context):
        wanted = min(request.delay.ToTimedelta().total_seconds(), MAX_SLOW_SECONDS)
        started = time.monotonic()
        done = threading.Event()
        context.add_callback(done.set)  # the call ended (deadline, cancel): stop sleeping
        done.wait(max(0.0, wanted))
        reply = self.m["SlowReply"]()
        reply.slept.FromNanoseconds(int((time.monotonic() - started) * 1e9))
        return reply

    def fail(self, request, context):
        code = request.code if 1 <= request.code <= 16 else code_pb2.INTERNAL
        info = error_details_pb2.ErrorInfo(
            reason=request.reason or "PEER_FAILURE", domain="peer.reflectprobe", metadata={"requested_code": str(code)}
        )
        bad = error_details_pb2.BadRequest(
            field_violations=[error_details_pb2.BadRequest.FieldViolation(field="code", description="asked to fail")]
        )
        status = status_pb2.Status(code=code, message=request.message or "failed on request")
        status.details.add().Pack(info)
        status.details.add().Pack(bad)
        context.abort_with_status(rpc_status.to_status(status))


HEALTH_STATUSES = {
    "SERVING": health_pb2.HealthCheckResponse.SERVING,
    "NOT_SERVING": health_pb2.HealthCheckResponse.NOT_SERVING,
    "UNKNOWN": health_pb2.HealthCheckResponse.UNKNOWN,
    "SERVICE_UNKNOWN": health_pb2.HealthCheckResponse.SERVICE_UNKNOWN,
}


def set_health(servicer, service, name):
    """Sets a status, or with SERVICE_UNKNOWN forgets the service (its watchers are told); False for a bad name."""
    name = name.upper()
    if name not in HEALTH_STATUSES:
        return False
    if name == "SERVICE_UNKNOWN":
        with servicer._lock:  # grpcio's HealthServicer has no public way to forget a service
            servicer._server_status.pop(service, None)
            for callback in list(servicer._send_response_callbacks.get(service, ())):
                callback(health_pb2.HealthCheckResponse(status=HEALTH_STATUSES[name]))
    else:
        servicer.set(service, HEALTH_STATUSES[name])
    return True


def handlers(m, health_servicer):
    peer = Peer(m)

    def unary(fn, req, rep):
        return grpc.unary_unary_rpc_method_handler(
            fn, request_deserializer=m[req].FromString, response_serializer=m[rep].SerializeToString
        )

    def admin_set_health(request, context):
        if not set_health(health_servicer, request.service, request.status):
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"status must be one of {', '.join(HEALTH_STATUSES)}")
        return m["SetHealthReply"](service=request.service, status=request.status.upper())

    peer_handler = grpc.method_handlers_generic_handler(
        PEER_SERVICE,
        {
            "Echo": unary(peer.echo, "EchoRequest", "EchoReply"),
            "Count": grpc.unary_stream_rpc_method_handler(
                peer.count, request_deserializer=m["CountRequest"].FromString,
                response_serializer=m["CountReply"].SerializeToString,
            ),
            "Sum": grpc.stream_unary_rpc_method_handler(
                peer.sum, request_deserializer=m["SumRequest"].FromString,
                response_serializer=m["SumReply"].SerializeToString,
            ),
            "Shout": grpc.stream_stream_rpc_method_handler(
                peer.shout, request_deserializer=m["Line"].FromString, response_serializer=m["Line"].SerializeToString
            ),
            "Slow": unary(peer.slow, "SlowRequest", "SlowReply"),
            "Fail": unary(peer.fail, "FailRequest", "EchoReply"),
        },
    )
    admin_handler = grpc.method_handlers_generic_handler(
        ADMIN_SERVICE, {"SetHealth": unary(admin_set_health, "SetHealthRequest", "SetHealthReply")}
    )
    return [peer_handler, admin_handler]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--no-reflection", action="store_true", help="do not serve grpc.reflection.v1alpha")
    parser.add_argument("--proto", default=os.path.join(HERE, "peer.proto"), help="the .proto to compile")
    parser.add_argument("--protoset", help="a FileDescriptorSet holding peer.v1 (instead of compiling --proto)")
    parser.add_argument("--health", action="append", default=[], metavar="SERVICE=STATUS")
    args = parser.parse_args()

    classes = register(load_files(args))
    health_servicer = health.HealthServicer()
    health_servicer.set(PEER_SERVICE, health_pb2.HealthCheckResponse.SERVING)
    for entry in args.health:
        service, _, name = entry.rpartition("=")
        if not set_health(health_servicer, service, name):
            parser.error(f"--health {entry}: expected SERVICE=SERVING|NOT_SERVING|UNKNOWN")

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=32))
    server.add_generic_rpc_handlers(handlers(classes, health_servicer))
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    names = [PEER_SERVICE, ADMIN_SERVICE, health.SERVICE_NAME]
    if not args.no_reflection:
        names.append(reflection.SERVICE_NAME)
        reflection.enable_server_reflection(names, server)
    port = server.add_insecure_port(f"{args.host}:{args.port}")
    if port == 0:
        log(f"cannot bind {args.host}:{args.port}")
        return 1
    server.start()

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    # A parent may have spawned us with these blocked (Foundation's Process does): unblock them.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    print(f"listening on {args.host}:{port}", flush=True)
    log(f"serving {', '.join(names)}")
    while not stop.wait(0.5):
        pass
    log("stopping")
    health_servicer.enter_graceful_shutdown()
    server.stop(grace=1.0).wait(5.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
