"""Python reference for `make bench`: the `grpc-requests` package, a reflection-based dynamic gRPC client.

Usage:
  bench_grpc_requests.py invoke ADDR SECONDS MAX_CALLS IN_FLIGHT
      Unary GetUser {"user_id": 1} against ADDR through grpc_requests' reflection clients. Prints one JSON
      object: "sequential" (one call at a time on the sync `Client`: calls, wall seconds, p50/p99 latency,
      process CPU per call) and "concurrent" (IN_FLIGHT calls in flight: the package's asyncio
      `AsyncClient` and its sync `Client` on IN_FLIGHT threads, each measured; "best" names the faster).
      Every loop stops at MAX_CALLS calls or SECONDS seconds, whichever comes first.
  bench_grpc_requests.py list ADDR
      What a cold `reflectprobe list` does: start, list the services through reflection, print them, exit.
"""
import json
import resource
import sys
import time

SERVICE = "api.users.UserService"
METHOD = "GetUser"
REQUEST = {"user_id": 1}
WARMUP_CALLS = 50


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def percentile(sorted_values, fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, int(fraction * len(sorted_values)))
    return sorted_values[index]


def summary(latencies_ns, wall: float, cpu: float) -> dict:
    latencies_ns.sort()
    n = len(latencies_ns)
    return {
        "calls": n,
        "seconds": wall,
        "calls_per_second": n / wall if wall > 0 else 0.0,
        "p50_us": percentile(latencies_ns, 0.50) / 1000,
        "p99_us": percentile(latencies_ns, 0.99) / 1000,
        "cpu_us_per_call": cpu * 1e6 / n if n else 0.0,
    }


def check(response) -> None:
    if str(response.get("user_id")) != "1":
        raise SystemExit(f"unexpected response: {response}")


def sequential(client, seconds: float, max_calls: int) -> dict:
    for _ in range(WARMUP_CALLS):
        check(client.request(SERVICE, METHOD, REQUEST))
    latencies = []
    cpu0, start = cpu_seconds(), time.perf_counter()
    deadline = start + seconds
    while len(latencies) < max_calls:
        t0 = time.perf_counter_ns()
        client.request(SERVICE, METHOD, REQUEST)
        latencies.append(time.perf_counter_ns() - t0)
        if time.perf_counter() >= deadline:
            break
    wall, cpu = time.perf_counter() - start, cpu_seconds() - cpu0
    return summary(latencies, wall, cpu)


def threaded(client, seconds: float, max_calls: int, in_flight: int) -> dict:
    import threading

    lock = threading.Lock()
    claimed = [0]
    latencies = []

    def worker(deadline: float) -> None:
        mine = []
        while time.perf_counter() < deadline:
            with lock:
                if claimed[0] >= max_calls:
                    break
                claimed[0] += 1
            t0 = time.perf_counter_ns()
            client.request(SERVICE, METHOD, REQUEST)
            mine.append(time.perf_counter_ns() - t0)
        with lock:
            latencies.extend(mine)

    def run(deadline_seconds: float, limit: int) -> None:
        claimed[0] = max_calls - limit
        deadline = time.perf_counter() + deadline_seconds
        threads = [threading.Thread(target=worker, args=(deadline,)) for _ in range(in_flight)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    run(seconds, in_flight * 4)  # warm-up: every thread makes its first call
    latencies.clear()
    cpu0, start = cpu_seconds(), time.perf_counter()
    run(seconds, max_calls)
    result = summary(latencies, time.perf_counter() - start, cpu_seconds() - cpu0)
    result["mode"] = f"grpc_requests.Client (sync) on {in_flight} threads"
    return result


def asynchronous(address: str, seconds: float, max_calls: int, in_flight: int) -> dict:
    import asyncio

    from grpc_requests import AsyncClient

    async def main() -> dict:
        client = AsyncClient(address)
        await client.register_all_service()
        for _ in range(WARMUP_CALLS):
            check(await client.request(SERVICE, METHOD, REQUEST))
        latencies = []
        state = {"claimed": 0}

        async def worker(deadline: float, limit: int, out) -> None:
            while time.perf_counter() < deadline and state["claimed"] < limit:
                state["claimed"] += 1
                t0 = time.perf_counter_ns()
                await client.request(SERVICE, METHOD, REQUEST)
                out.append(time.perf_counter_ns() - t0)

        async def run(limit: int, out) -> None:
            state["claimed"] = 0
            deadline = time.perf_counter() + seconds
            await asyncio.gather(*(worker(deadline, limit, out) for _ in range(in_flight)))

        await run(in_flight * 4, [])
        cpu0, start = cpu_seconds(), time.perf_counter()
        await run(max_calls, latencies)
        result = summary(latencies, time.perf_counter() - start, cpu_seconds() - cpu0)
        await client.channel.close()
        return result

    result = asyncio.run(main())
    result["mode"] = f"grpc_requests.AsyncClient (asyncio, grpc.aio), {in_flight} coroutines"
    return result


def invoke(address: str, seconds: float, max_calls: int, in_flight: int) -> None:
    import grpc_requests
    from grpc_requests import Client

    client = Client(address)
    result = {
        "package": f"grpc-requests {grpc_requests.__version__}",
        "sequential": sequential(client, seconds, max_calls),
    }
    concurrent = [
        asynchronous(address, seconds, max_calls, in_flight),
        threaded(client, seconds, max_calls, in_flight),
    ]
    result["concurrent"] = concurrent
    result["best"] = max(concurrent, key=lambda r: r["calls_per_second"])
    print(json.dumps(result))


def list_services(address: str) -> None:
    from grpc_requests import Client

    for name in sorted(Client(address, lazy=True).service_names):
        print(name)


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "invoke":
        invoke(sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    elif len(sys.argv) == 3 and sys.argv[1] == "list":
        list_services(sys.argv[2])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
