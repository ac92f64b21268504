"""A tiny protobuf wire-format writer for hand-made (non-canonical and invalid) binary inputs.

Used by the differential oracle to build encodings that SerializeToString never produces: redundant varint
bytes, packed/unpacked mixes, duplicated fields, unknown fields of every wire type, truncations.
"""

import struct

VARINT, I64, LEN, SGROUP, EGROUP, I32 = 0, 1, 2, 3, 4, 5


def varint(value, min_len=0):
    """Encodes value (negative values as 64-bit two's complement), padded with redundant bytes to min_len."""
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value or len(out) + 1 < min_len:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def tag(number, wire_type):
    return varint((number << 3) | wire_type)


def zigzag(value, bits=64):
    return ((value << 1) ^ (value >> (bits - 1))) & ((1 << bits) - 1)


def f_varint(number, value, min_len=0):
    return tag(number, VARINT) + varint(value, min_len)


def f_sint(number, value):
    return tag(number, VARINT) + varint(zigzag(value))


def f_fixed32(number, value):
    return tag(number, I32) + struct.pack('<I', value & 0xFFFFFFFF)


def f_fixed64(number, value):
    return tag(number, I64) + struct.pack('<Q', value & 0xFFFFFFFFFFFFFFFF)


def f_float(number, value):
    return tag(number, I32) + struct.pack('<f', value)


def f_double(number, value):
    return tag(number, I64) + struct.pack('<d', value)


def f_bytes(number, data):
    if isinstance(data, str):
        data = data.encode('utf-8')
    return tag(number, LEN) + varint(len(data)) + data


def f_group(number, body):
    return tag(number, SGROUP) + body + tag(number, EGROUP)


def packed(number, payload_parts):
    payload = b''.join(payload_parts)
    return tag(number, LEN) + varint(len(payload)) + payload


def entry(key=None, value=None):
    """A map entry body from already-encoded key (field 1) and value (field 2) parts."""
    return (key or b'') + (value or b'')
