#!/usr/bin/env python3
"""A grpcio server for the client's wire tests (UnaryWireTests): service `wire.Test`, every method taking and
returning google.protobuf.BytesValue, each exercising one part of a unary exchange.

- Echo: returns the request; sends the request's `x-` metadata back as response headers, and trailers
  `x-trailer-bin` (bytes 00 01 fe ff) and `x-trailer: done`.
- Big: returns as many 0xab bytes as the request's value says (decimal ASCII), e.g. 6000000.
- Twice: a server-streaming handler answering two messages (called as unary: more than one message).
- Nothing: a server-streaming handler answering none (called as unary: no message).
- Slow: sleeps the request's value in seconds (at most 5), then answers.
- Status: fails with FAILED_PRECONDITION and a message that needs percent-encoding ("café 100% 🚫 done").

Keepalive pings are accepted at any rate. Usage: python wire_server.py. Prints `listening on 127.0.0.1:PORT` once serving; SIGTERM stops it.
"""

import sys
import time
from concurrent import futures

import grpc
from google.protobuf import wrappers_pb2
from serving import serve_until_signalled

BytesValue = wrappers_pb2.BytesValue


def echo(request, context):
    context.send_initial_metadata(tuple((k, v) for k, v in context.invocation_metadata() if k.startswith("x-")))
    context.set_trailing_metadata((("x-trailer-bin", b"\x00\x01\xfe\xff"), ("x-trailer", "done")))
    return BytesValue(value=request.value)


def big(request, context):
    return BytesValue(value=b"\xab" * min(int(request.value.decode()), 64 << 20))


def twice(request, context):
    yield BytesValue(value=b"1")
    yield BytesValue(value=b"2")


def nothing(request, context):
    return iter(())


def slow(request, context):
    time.sleep(min(float(request.value.decode() or "1"), 5.0))
    return BytesValue(value=b"late")


def status(request, context):
    context.abort(grpc.StatusCode.FAILED_PRECONDITION, "café 100% 🚫 done")


def unary(function):
    return grpc.unary_unary_rpc_method_handler(
        function, request_deserializer=BytesValue.FromString, response_serializer=BytesValue.SerializeToString
    )


def streaming(function):
    return grpc.unary_stream_rpc_method_handler(
        function, request_deserializer=BytesValue.FromString, response_serializer=BytesValue.SerializeToString
    )


def main():
    # Keepalive pings as often as the tests send them (grpcio's default answers a ping more often than every
    # 5 minutes without data with GOAWAY "too_many_pings").
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=16),
        options=[
            ("grpc.http2.min_recv_ping_interval_without_data_ms", 50),
            ("grpc.http2.max_ping_strikes", 0),
        ],
    )
    handlers = {
        "Echo": unary(echo),
        "Big": unary(big),
        "Twice": streaming(twice),
        "Nothing": streaming(nothing),
        "Slow": unary(slow),
        "Status": unary(status),
    }
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("wire.Test", handlers),))
    port = server.add_insecure_port("127.0.0.1:0")
    serve_until_signalled(server, port)


if __name__ == "__main__":
    sys.exit(main())
