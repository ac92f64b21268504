"""Alternative ProtoJSON spellings of a message, for the JSON-parsing half of the differential suite.

Starting from Python's own JSON for a message, produce other texts a conforming parser must accept: proto field
names, int64 as numbers, enums as numbers, 32-bit integers and floats as strings, whole floats as integers,
URL-safe unpadded base64, `@type` after the other keys of an Any, `+00:00` offsets, explicit nulls for absent
fields, raw UTF-8 instead of \\u escapes. The oracle keeps a variant only when Python parses it back to the same
message.
"""

import base64
import json
import math

from google.protobuf import descriptor as d
from google.protobuf import json_format

FD = d.FieldDescriptor
INT32_TYPES = (FD.CPPTYPE_INT32, FD.CPPTYPE_UINT32)
FLOAT_TYPES = (FD.CPPTYPE_FLOAT, FD.CPPTYPE_DOUBLE)
WRAPPERS_FILE = 'google/protobuf/wrappers.proto'
OPAQUE_WKT = ('google.protobuf.Struct', 'google.protobuf.Value', 'google.protobuf.ListValue',
              'google.protobuf.Duration', 'google.protobuf.FieldMask', 'google.protobuf.Empty')


def _is_map(field):
    return field.message_type is not None and field.message_type.GetOptions().map_entry


class Rewriter:
    """Walks a JSON value alongside its message descriptor and rewrites scalars and keys."""

    def __init__(self, pool, strings_for_numbers=False, spellings=False):
        self.pool = pool
        self.strings_for_numbers = strings_for_numbers
        self.spellings = spellings
        self.toggle = False

    def message(self, js, desc):
        name = desc.full_name
        if desc.file.name == WRAPPERS_FILE:
            return self.scalar(js, desc.fields_by_name['value'])
        if name == 'google.protobuf.Any':
            return self.any(js)
        if name == 'google.protobuf.Timestamp':
            return js[:-1] + '+00:00' if self.spellings and isinstance(js, str) and js.endswith('Z') else js
        if name in OPAQUE_WKT or not isinstance(js, dict):
            return js
        out = {}
        present = set()
        for key, value in js.items():
            field = self.field(desc, key)
            if field is None:
                out[key] = value
                continue
            present.add(field.number)
            out[self.key_for(field, key)] = self.field_value(value, field)
        if self.spellings:
            for field in desc.fields:
                if field.number in present or field.containing_oneof is not None:
                    continue
                if field.message_type is not None and field.message_type.full_name == 'google.protobuf.Value':
                    continue
                if field.enum_type is not None and field.enum_type.full_name == 'google.protobuf.NullValue':
                    continue
                out[field.json_name] = None
        return out

    def any(self, js):
        if not isinstance(js, dict) or '@type' not in js:
            return js
        type_url = js['@type']
        try:
            desc = self.pool.FindMessageTypeByName(type_url.split('/')[-1])
        except KeyError:
            return js
        # Empty has no special JSON form inside an Any: its (no) fields sit next to "@type", like a user type.
        special = desc.full_name in OPAQUE_WKT and desc.full_name != 'google.protobuf.Empty'
        if special or desc.file.name == WRAPPERS_FILE or desc.full_name in (
                'google.protobuf.Any', 'google.protobuf.Timestamp'):
            body = {'value': self.message(js.get('value'), desc)}
        else:
            rest = {k: v for k, v in js.items() if k != '@type'}
            body = self.message(rest, desc)
        if self.spellings:
            return dict(list(body.items()) + [('@type', type_url)])
        return dict([('@type', type_url)] + list(body.items()))

    def field(self, desc, key):
        if key.startswith('[') and key.endswith(']'):
            try:
                return self.pool.FindExtensionByName(key[1:-1])
            except KeyError:
                return None
        for field in desc.fields:
            if field.json_name == key or field.name == key:
                return field
        return None

    def key_for(self, field, key):
        if not self.spellings or field.is_extension:
            return key
        self.toggle = not self.toggle
        return field.name if self.toggle else field.json_name

    def field_value(self, value, field):
        if value is None:
            return None
        if _is_map(field):
            value_field = field.message_type.fields_by_name['value']
            return {k: self.single(v, value_field) for k, v in value.items()}
        if field.is_repeated and isinstance(value, list):
            return [self.single(v, field) for v in value]
        return self.single(value, field)

    def single(self, value, field):
        if field.cpp_type == FD.CPPTYPE_MESSAGE:
            return self.message(value, field.message_type)
        return self.scalar(value, field)

    def scalar(self, value, field):
        cpp = field.cpp_type
        if self.strings_for_numbers:
            if cpp in INT32_TYPES and isinstance(value, int) and not isinstance(value, bool):
                return str(value)
            if cpp in FLOAT_TYPES and isinstance(value, float):
                return repr(value)
        if self.spellings:
            if cpp in FLOAT_TYPES and isinstance(value, float) and math.isfinite(value) and value.is_integer() \
                    and abs(value) < 2**53 and not (value == 0 and math.copysign(1, value) < 0):
                return int(value)
            if field.type == FD.TYPE_BYTES and isinstance(value, str):
                return base64.urlsafe_b64encode(base64.b64decode(value)).decode('ascii').rstrip('=')
        return value


def variants(msg, pool):
    """(label, json text) pairs; the caller keeps those Python parses back to `msg`."""
    out = [('python', json_format.MessageToJson(msg, descriptor_pool=pool, sort_keys=True))]
    out.append(('proto-names', json_format.MessageToJson(msg, preserving_proto_field_name=True,
                                                         descriptor_pool=pool, sort_keys=True, indent=None)))
    out.append(('emit-defaults', json_format.MessageToJson(msg, always_print_fields_with_no_presence=True,
                                                           descriptor_pool=pool, sort_keys=True, indent=None)))
    try:  # older protobuf releases lack this option; the variant is then skipped
        out.append(('int64-numbers', json_format.MessageToJson(msg, unquote_int64_if_possible=True,
                                                               descriptor_pool=pool, sort_keys=True, indent=None)))
    except TypeError:
        pass
    out.append(('enum-numbers', json_format.MessageToJson(msg, use_integers_for_enums=True,
                                                          descriptor_pool=pool, sort_keys=True, indent=None)))
    base = json.loads(out[0][1])
    out.append(('utf8-compact', json.dumps(base, ensure_ascii=False, separators=(',', ':'), sort_keys=True)))
    desc = msg.DESCRIPTOR
    strings = Rewriter(pool, strings_for_numbers=True).message(base, desc)
    out.append(('strings-for-numbers', json.dumps(strings, indent=1, sort_keys=True)))
    spellings = Rewriter(pool, spellings=True).message(json.loads(out[0][1]), desc)
    out.append(('alt-spellings', json.dumps(spellings, ensure_ascii=False)))
    seen = set()
    unique = []
    for label, text in out:
        if text not in seen:
            seen.add(text)
            unique.append((label, text))
    return unique
