"""Python reference for `make bench`: json_format Parse+Serialize and Parse+MessageToJson on the same message.

Usage: bench_codec.py PROTOSET TYPE JSON_FILE SECONDS
Prints two numbers: nanoseconds per JSON->binary and per binary->JSON call.
"""
import sys
import time

from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory
from google.protobuf.internal import api_implementation


def message_class(protoset: str, type_name: str):
    fds = descriptor_pb2.FileDescriptorSet()
    with open(protoset, "rb") as f:
        fds.ParseFromString(f.read())
    pool = descriptor_pool.DescriptorPool()
    for file in fds.file:
        pool.Add(file)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName(type_name)), pool


def per_call(fn, seconds: float, max_iterations: int = 2_000_000) -> float:
    for _ in range(20):
        fn()
    n, batch = 0, 8
    start = time.perf_counter()
    while n < max_iterations:
        for _ in range(batch):
            fn()
        n += batch
        if time.perf_counter() - start >= seconds:
            break
        batch = min(batch * 2, 1024)
    return (time.perf_counter() - start) * 1e9 / n


def main() -> None:
    protoset, type_name, json_file, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    assert api_implementation.Type() == "upb", api_implementation.Type()
    cls, pool = message_class(protoset, type_name)
    text = open(json_file, encoding="utf-8").read()
    binary = json_format.Parse(text, cls(), descriptor_pool=pool).SerializeToString()

    def j2b():
        json_format.Parse(text, cls(), descriptor_pool=pool).SerializeToString()

    def b2j():
        m = cls()
        m.ParseFromString(binary)
        json_format.MessageToJson(m, descriptor_pool=pool, indent=None)

    print(f"{per_call(j2b, seconds):.1f} {per_call(b2j, seconds):.1f}")


if __name__ == "__main__":
    main()
