"""Seeded random protobuf messages for the differential oracle.

Walks a message descriptor and fills fields with values biased towards edge cases (extreme integers, -0.0, NaN,
infinities, control and astral characters, all byte values, unknown enum numbers in open enums). Well-known types
get values that stay inside their JSON-representable ranges, so every generated message has a ProtoJSON form.
"""

import math
import random
import struct

from google.protobuf import descriptor as d

FD = d.FieldDescriptor

INT32_EDGES = [0, 1, -1, 2**31 - 1, -2**31, 127, 128, -128, 300, 2**21]
INT64_EDGES = [0, 1, -1, 2**63 - 1, -2**63, 2**53, 2**53 + 1, -2**53 - 1, 2**32, 2**31]
UINT32_EDGES = [0, 1, 2**32 - 1, 2**31, 127, 128, 16384]
UINT64_EDGES = [0, 1, 2**64 - 1, 2**63, 2**53 + 1, 2**32, 2**56]
FLOAT_EDGES = [0.0, -0.0, 1.0, -1.5, 0.1, float('nan'), float('inf'), float('-inf'), 3.4028232635611926e38,
               -3.4028232635611926e38, 1.401298464324817e-45, 1.1754943508222875e-38, 16777217.0, 1e-10, 123456.789]
DOUBLE_EDGES = [0.0, -0.0, 1.0, -1.5, 0.1, float('nan'), float('inf'), float('-inf'), 1.7976931348623157e308,
                -1.7976931348623157e308, 5e-324, 2.2250738585072014e-308, 9007199254740993.0, 1e21, 1e-7, 1e100,
                123456789.123456789, 0.30000000000000004]
STRING_CHARS = (
    ['a', 'Z', '0', ' ', '_', '-', '.', '/', '\\', '"', "'", '\n', '\r', '\t', '\b', '\f', '\x00', '\x01', '\x1f',
     '\x7f', '\u0080', '\u00e9', '\u00ff', '\u0100', '\u2028', '\u2029', '\ufeff', '\ufffd', '\uffff', '\u4e2d',
     '\U0001F600', '\U0001D11E', '\U0010FFFF', '<', '>', '&', '=', '+', '@', '[', ']', '{', '}', ',', ':']
)
WORD_CHARS = 'abcdefghijklmnopqrstuvwxyz'

TIMESTAMP_MIN = -62135596800
TIMESTAMP_MAX = 253402300799
DURATION_MAX = 315576000000


def float32(value):
    """Rounds a double to the nearest float32 (inf stays inf)."""
    if math.isnan(value) or math.isinf(value):
        return value
    try:
        return struct.unpack('<f', struct.pack('<f', value))[0]
    except OverflowError:
        return math.copysign(float('inf'), value)


def _null_list_or_map(field):
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        field = field.message_type.fields_by_name['value']
    elif not field.is_repeated:
        return False
    return field.enum_type is not None and field.enum_type.full_name == 'google.protobuf.NullValue'


class RandomMessages:
    """Builds random messages from descriptors with a fixed seed."""

    def __init__(self, seed, pool, get_class, any_types):
        self.rng = random.Random(seed)
        self.pool = pool
        self.get_class = get_class
        self.any_types = any_types  # full names an Any may hold

    # ----- scalars -----
    def pick(self, edges, lo, hi):
        if self.rng.random() < 0.5:
            return self.rng.choice(edges)
        return self.rng.randint(lo, hi)

    def string(self, max_len=12):
        n = self.rng.choice([0, 1, 3, 8, max_len])
        if self.rng.random() < 0.5:
            return ''.join(self.rng.choice(WORD_CHARS) for _ in range(n))
        return ''.join(self.rng.choice(STRING_CHARS) for _ in range(n))

    def word(self):
        return ''.join(self.rng.choice(WORD_CHARS) for _ in range(self.rng.randint(1, 6)))

    def bytes_value(self):
        n = self.rng.choice([0, 1, 2, 3, 4, 5, 16, 33])
        return bytes(self.rng.randrange(256) for _ in range(n))

    def double(self):
        r = self.rng.random()
        if r < 0.5:
            return self.rng.choice(DOUBLE_EDGES)
        if r < 0.75:
            return self.rng.uniform(-1e6, 1e6)
        return struct.unpack('<d', struct.pack('<Q', self.rng.getrandbits(64)))[0]

    def float_value(self):
        r = self.rng.random()
        if r < 0.5:
            return self.rng.choice(FLOAT_EDGES)
        if r < 0.75:
            return float32(self.rng.uniform(-1e4, 1e4))
        return struct.unpack('<f', struct.pack('<I', self.rng.getrandbits(32)))[0]

    def enum_number(self, enum_type):
        numbers = [v.number for v in enum_type.values]
        if not enum_type.is_closed and self.rng.random() < 0.15:
            return self.rng.choice([99, -7, 2**31 - 1, 12345])
        return self.rng.choice(numbers)

    def scalar(self, field):
        t = field.type
        if t in (FD.TYPE_INT32, FD.TYPE_SINT32, FD.TYPE_SFIXED32):
            return self.pick(INT32_EDGES, -2**31, 2**31 - 1)
        if t in (FD.TYPE_INT64, FD.TYPE_SINT64, FD.TYPE_SFIXED64):
            return self.pick(INT64_EDGES, -2**63, 2**63 - 1)
        if t in (FD.TYPE_UINT32, FD.TYPE_FIXED32):
            return self.pick(UINT32_EDGES, 0, 2**32 - 1)
        if t in (FD.TYPE_UINT64, FD.TYPE_FIXED64):
            return self.pick(UINT64_EDGES, 0, 2**64 - 1)
        if t == FD.TYPE_FLOAT:
            return self.float_value()
        if t == FD.TYPE_DOUBLE:
            return self.double()
        if t == FD.TYPE_BOOL:
            return self.rng.random() < 0.5
        if t == FD.TYPE_STRING:
            return self.string()
        if t == FD.TYPE_BYTES:
            return self.bytes_value()
        if t == FD.TYPE_ENUM:
            return self.enum_number(field.enum_type)
        raise ValueError('not a scalar: %s' % field.full_name)

    # ----- messages -----
    def message(self, full_name, depth=0):
        msg = self.get_class(full_name)()
        self.fill(msg, depth)
        return msg

    def fill(self, msg, depth):
        desc = msg.DESCRIPTOR
        special = getattr(self, 'wkt_' + desc.full_name.replace('.', '_'), None)
        if special is not None:
            special(msg, depth)
            return
        density = 0.6 if depth == 0 else max(0.15, 0.5 - 0.12 * depth)
        for field in desc.fields:
            oneof = field.containing_oneof
            if oneof is not None and not (oneof.name.startswith('_') and len(oneof.fields) == 1):
                continue
            if field.is_required or self.rng.random() < density:
                self.set_field(msg, field, depth, getattr(msg, field.name) if field.is_repeated else None)
        for oneof in desc.oneofs:
            if len(oneof.fields) == 1 and oneof.name.startswith('_'):
                continue
            if self.rng.random() < 0.7:
                self.set_field(msg, self.rng.choice(oneof.fields), depth, None)
        if desc.is_extendable and self.rng.random() < 0.7:
            for ext in self.pool_extensions(desc):
                if self.rng.random() < 0.5:
                    target = msg.Extensions[ext] if ext.is_repeated else None
                    self.set_field(msg, ext, depth, target, extension=True)

    def pool_extensions(self, desc):
        return sorted(self.pool.FindAllExtensions(desc), key=lambda e: e.number)

    def set_field(self, msg, field, depth, repeated, extension=False):
        is_message = field.cpp_type == FD.CPPTYPE_MESSAGE
        if _null_list_or_map(field) and self.rng.random() < 0.8:
            return  # Python prints these as nulls it cannot parse back, which costs the case its JSON inputs
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            self.fill_map(getattr(msg, field.name), field, depth)
            return
        if field.is_repeated:
            count = self.rng.choice([0, 1, 2, 3, 5]) if depth < 3 else self.rng.choice([0, 1])
            for _ in range(count):
                if is_message:
                    self.fill(repeated.add(), depth + 1)
                else:
                    repeated.append(self.scalar(field))
            return
        if is_message:
            if depth >= 4 and field.message_type.full_name not in ('google.protobuf.Value',):
                return
            target = msg.Extensions[field] if extension else getattr(msg, field.name)
            target.SetInParent()
            self.fill(target, depth + 1)
            return
        value = self.scalar(field)
        if extension:
            msg.Extensions[field] = value
        else:
            setattr(msg, field.name, value)

    def fill_map(self, container, field, depth):
        key_field = field.message_type.fields_by_name['key']
        value_field = field.message_type.fields_by_name['value']
        for _ in range(self.rng.choice([0, 1, 2, 3]) if depth < 3 else self.rng.choice([0, 1])):
            key = self.scalar(key_field)
            if value_field.cpp_type == FD.CPPTYPE_MESSAGE:
                self.fill(container[key], depth + 1)
            else:
                container[key] = self.scalar(value_field)

    # ----- well-known types -----
    def nanos(self):
        kind = self.rng.choice([0, 3, 6, 9])
        if kind == 0:
            return 0
        unit = 10 ** (9 - kind)
        return self.rng.randrange(1, 10 ** kind) * unit

    def wkt_google_protobuf_Timestamp(self, msg, depth):
        msg.seconds = self.pick([0, TIMESTAMP_MIN, TIMESTAMP_MAX, -1, 1, 951782400], TIMESTAMP_MIN, TIMESTAMP_MAX)
        msg.nanos = self.nanos()

    def wkt_google_protobuf_Duration(self, msg, depth):
        seconds = self.pick([0, DURATION_MAX, -DURATION_MAX, 1, -1], -DURATION_MAX, DURATION_MAX)
        nanos = self.nanos()
        if seconds < 0 or (seconds == 0 and self.rng.random() < 0.5):
            nanos = -nanos
        msg.seconds, msg.nanos = seconds, nanos

    def path_segment(self):
        parts = [self.word() + self.rng.choice(['', '', '1', '2x'])]
        for _ in range(self.rng.randint(0, 2)):
            parts.append(self.word())
        return '_'.join(parts)

    def wkt_google_protobuf_FieldMask(self, msg, depth):
        for _ in range(self.rng.randint(0, 3)):
            msg.paths.append('.'.join(self.path_segment() for _ in range(self.rng.randint(1, 3))))

    def wkt_google_protobuf_Struct(self, msg, depth):
        for _ in range(self.rng.randint(0, 3) if depth < 4 else 0):
            self.fill_value(msg.fields[self.string()], depth + 1)

    def wkt_google_protobuf_ListValue(self, msg, depth):
        for _ in range(self.rng.randint(0, 3) if depth < 4 else 0):
            self.fill_value(msg.values.add(), depth + 1)

    def wkt_google_protobuf_Value(self, msg, depth):
        self.fill_value(msg, depth)

    def fill_value(self, msg, depth):
        kinds = ['null', 'number', 'string', 'bool'] + (['struct', 'list'] if depth < 4 else [])
        kind = self.rng.choice(kinds)
        if kind == 'null':
            msg.null_value = 0
        elif kind == 'number':
            v = self.double()
            msg.number_value = v if math.isfinite(v) else self.rng.randint(-10**6, 10**6)
        elif kind == 'string':
            msg.string_value = self.string()
        elif kind == 'bool':
            msg.bool_value = self.rng.random() < 0.5
        elif kind == 'struct':
            msg.struct_value.SetInParent()
            self.wkt_google_protobuf_Struct(msg.struct_value, depth + 1)
        else:
            msg.list_value.SetInParent()
            self.wkt_google_protobuf_ListValue(msg.list_value, depth + 1)

    def wkt_google_protobuf_Any(self, msg, depth):
        if self.rng.random() < 0.1:
            return
        name = self.rng.choice(self.any_types) if depth < 3 else 'google.protobuf.Int32Value'
        inner = self.message(name, depth + 1)
        msg.Pack(inner, deterministic=True)
