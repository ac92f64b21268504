"""What the client tests' grpcio servers share: announcing the port and serving until SIGTERM or SIGINT."""

import os
import signal
import sys
import threading


def serve_until_signalled(server, port):
    """Starts `server`, prints `listening on 127.0.0.1:PORT` and returns only by exiting the process on a signal."""
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
