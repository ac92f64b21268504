#!/usr/bin/env python3
"""A grpcio server for GRPCDynamicTests: grpc.health.v1 (SERVING) and grpc.reflection.v1alpha, over TLS or
plaintext, optionally protecting reflection with a required request header.

Usage: python test_server.py (--cert server.pem --key server.key [--client-ca ca.pem] | --plaintext)
                             [--reflection-header NAME=VALUE] [--v1-reject CODE [--after-headers]]
With --client-ca the server requires a client certificate signed by that CA (mutual TLS). With
--reflection-header, reflection calls without that header fail with UNAUTHENTICATED. With --v1-reject, a
grpc.reflection.v1 handler fails every stream with CODE (e.g. UNIMPLEMENTED, UNAVAILABLE) — with --after-headers
only after sending response headers, so the status arrives as the trailer.
Prints `listening on 127.0.0.1:PORT` once serving; SIGTERM stops it.
"""

import argparse
import sys
from concurrent import futures

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from serving import serve_until_signalled


class RequireReflectionHeader(grpc.ServerInterceptor):
    """Rejects reflection calls that lack the header NAME=VALUE."""

    def __init__(self, name, value):
        self.name, self.value = name, value

    def intercept_service(self, continuation, details):
        if details.method.startswith("/grpc.reflection."):
            if (self.name, self.value) not in tuple(details.invocation_metadata):

                def reject(request_iterator, context):
                    context.abort(grpc.StatusCode.UNAUTHENTICATED, f"reflection needs the {self.name} header")

                return grpc.stream_stream_rpc_method_handler(reject)
        return continuation(details)


def v1_rejecting_handler(code, after_headers):
    """grpc.reflection.v1.ServerReflection answering every stream with `code`."""

    def reject(request_iterator, context):
        if after_headers:
            context.send_initial_metadata((("x-test", "headers-first"),))
        context.abort(code, "grpc.reflection.v1 is not served here")

    return grpc.method_handlers_generic_handler(
        "grpc.reflection.v1.ServerReflection",
        {"ServerReflectionInfo": grpc.stream_stream_rpc_method_handler(reject)},
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--client-ca")
    parser.add_argument("--plaintext", action="store_true")
    parser.add_argument("--reflection-header", metavar="NAME=VALUE")
    parser.add_argument("--v1-reject", metavar="CODE")
    parser.add_argument("--after-headers", action="store_true")
    args = parser.parse_args()

    interceptors = []
    if args.reflection_header:
        name, value = args.reflection_header.split("=", 1)
        interceptors.append(RequireReflectionHeader(name, value))
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4), interceptors=interceptors)
    servicer = health.HealthServicer()
    servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    if args.v1_reject:
        server.add_generic_rpc_handlers((v1_rejecting_handler(grpc.StatusCode[args.v1_reject], args.after_headers),))
    reflection.enable_server_reflection(
        [health_pb2.DESCRIPTOR.services_by_name["Health"].full_name, reflection.SERVICE_NAME], server
    )
    if args.plaintext:
        port = server.add_insecure_port("127.0.0.1:0")
    else:
        with open(args.cert, "rb") as f:
            cert = f.read()
        with open(args.key, "rb") as f:
            key = f.read()
        client_ca = None
        if args.client_ca:
            with open(args.client_ca, "rb") as f:
                client_ca = f.read()
        credentials = grpc.ssl_server_credentials(
            [(key, cert)], root_certificates=client_ca, require_client_auth=client_ca is not None
        )
        port = server.add_secure_port("127.0.0.1:0", credentials)
    serve_until_signalled(server, port)


if __name__ == "__main__":
    sys.exit(main())
