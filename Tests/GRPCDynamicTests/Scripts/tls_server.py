#!/usr/bin/env python3
"""A grpcio server over TLS for GRPCDynamicTests: grpc.health.v1 (SERVING) and grpc.reflection.v1alpha.

Usage: python tls_server.py --cert server.pem --key server.key [--client-ca ca.pem]
With --client-ca the server requires a client certificate signed by that CA (mutual TLS).
Prints `listening on 127.0.0.1:PORT` once serving; SIGTERM stops it.
"""

import argparse
import os
import signal
import sys
import threading
from concurrent import futures

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--client-ca")
    args = parser.parse_args()
    with open(args.cert, "rb") as f:
        cert = f.read()
    with open(args.key, "rb") as f:
        key = f.read()
    client_ca = None
    if args.client_ca:
        with open(args.client_ca, "rb") as f:
            client_ca = f.read()

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    servicer = health.HealthServicer()
    servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    reflection.enable_server_reflection(
        [health_pb2.DESCRIPTOR.services_by_name["Health"].full_name, reflection.SERVICE_NAME], server
    )
    credentials = grpc.ssl_server_credentials(
        [(key, cert)], root_certificates=client_ca, require_client_auth=client_ca is not None
    )
    port = server.add_secure_port("127.0.0.1:0", credentials)
    server.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print(f"listening on 127.0.0.1:{port}", flush=True)
    while not stop.wait(0.05):  # a bare wait() would delay the signal handler until it returns
        pass
    # A graceful grpc stop and interpreter teardown take seconds on grpc's threads; a test server holds no state.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
