"""Message equality with the path of the first difference, for the differential oracle.

Python's `==` treats NaN as unequal to itself and says nothing about where two messages differ. This walks both
messages field by field (set fields, extensions, map entries by key, list items by index), compares floats by bit
pattern, and returns a path such as `$.fInt32`, `$.items[2].name`, `$.byKey["a"]`, `$.[corpus.ext.ext_int32]`.
"""

import math
import struct

from google.protobuf import descriptor as d
from google.protobuf import message_factory

FD = d.FieldDescriptor


def _is_map(field):
    return field.message_type is not None and field.message_type.GetOptions().map_entry


def _same_scalar(field, a, b):
    """Floats are equal when their bit patterns are (so -0.0 != 0.0, and NaN == NaN with the same payload)."""
    if field.cpp_type == FD.CPPTYPE_DOUBLE:
        return struct.pack('<d', a) == struct.pack('<d', b)
    if field.cpp_type == FD.CPPTYPE_FLOAT:
        return struct.pack('<f', a) == struct.pack('<f', b)
    return a == b and type(a) is type(b)


def _show(value):
    if isinstance(value, float) and (math.isnan(value) or value == 0):
        return '%r(0x%s)' % (value, struct.pack('>d', value).hex())
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + '...'


def _name(field):
    return '[%s]' % field.full_name if field.is_extension else field.json_name


def first_difference(a, b, path='$'):
    """Returns (path, description) of the first difference between two messages of the same type, or None."""
    fields_a = dict(a.ListFields())
    fields_b = dict(b.ListFields())
    for field in sorted(set(fields_a) | set(fields_b), key=lambda f: f.number):
        here = '%s.%s' % (path, _name(field))
        if field not in fields_a:
            return here, 'missing in expected, actual has %s' % _show(fields_b[field])
        if field not in fields_b:
            return here, 'expected %s, actual has no value' % _show(fields_a[field])
        va, vb = fields_a[field], fields_b[field]
        if _is_map(field):
            diff = _map_difference(field, va, vb, here)
        elif field.is_repeated:
            diff = _list_difference(field, list(va), list(vb), here)
        else:
            diff = _value_difference(field, va, vb, here)
        if diff:
            return diff
    unknown_a, unknown_b = _unknown_bytes(a), _unknown_bytes(b)
    if unknown_a != unknown_b:
        return path, 'unknown fields differ: expected %s, actual %s' % (unknown_a.hex(), unknown_b.hex())
    return None


def _unknown_bytes(msg):
    """The message's unknown fields as bytes: a copy with every known field and extension cleared."""
    rest = type(msg)()
    rest.CopyFrom(msg)
    for field, _ in rest.ListFields():
        if field.is_extension:
            rest.ClearExtension(field)
        else:
            rest.ClearField(field.name)
    return rest.SerializePartialToString()


def _value_difference(field, va, vb, here):
    if field.cpp_type == FD.CPPTYPE_MESSAGE:
        if field.message_type.full_name == 'google.protobuf.Any':
            return _any_difference(va, vb, here)
        return first_difference(va, vb, here)
    if not _same_scalar(field, va, vb):
        return here, 'expected %s, actual %s' % (_show(va), _show(vb))
    return None


def _any_difference(a, b, here):
    """Compares two Any messages by their unpacked contents: the packed bytes of equal messages may differ (map
    entry order is not fixed), so bytes are compared only when the type cannot be resolved or parsed."""
    if a.type_url != b.type_url:
        return here + '.@type', 'expected %s, actual %s' % (_show(a.type_url), _show(b.type_url))
    if a.value == b.value:
        return None
    try:
        desc = a.DESCRIPTOR.file.pool.FindMessageTypeByName(a.type_url.split('/')[-1])
        cls = message_factory.GetMessageClass(desc)
        inner_a, inner_b = cls(), cls()
        inner_a.ParseFromString(a.value)
        inner_b.ParseFromString(b.value)
    except Exception:
        return here + '.value', 'expected %s, actual %s' % (_show(a.value), _show(b.value))
    return first_difference(inner_a, inner_b, '%s<%s>' % (here, desc.full_name))


def _list_difference(field, la, lb, here):
    for i in range(min(len(la), len(lb))):
        diff = _value_difference(field, la[i], lb[i], '%s[%d]' % (here, i))
        if diff:
            return diff
    if len(la) != len(lb):
        return here, 'expected %d items, actual %d' % (len(la), len(lb))
    return None


def _map_difference(field, ma, mb, here):
    value_field = field.message_type.fields_by_name['value']
    for key in sorted(set(ma.keys()) | set(mb.keys()), key=repr):
        at = '%s[%s]' % (here, _show(key))
        if key not in mb:
            return at, 'entry missing in actual'
        if key not in ma:
            return at, 'unexpected entry in actual'
        diff = _value_difference(value_field, ma[key], mb[key], at)
        if diff:
            return diff
    return None


def compare(expected, actual):
    """None when the messages are equal, else (path, description).

    Equal deterministic encodings mean equal messages; otherwise the field walk decides (it compares unknown
    fields at every level and Any contents after unpacking).
    """
    if expected.SerializePartialToString(deterministic=True) == actual.SerializePartialToString(deterministic=True):
        return None
    return first_difference(expected, actual)
