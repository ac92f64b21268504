"""Hand-made binary inputs and invalid inputs for the differential oracle.

- RAW: valid but non-canonical encodings (Python must parse them): redundant varint bytes, 64-bit varints into
  32-bit fields, packed/unpacked mixes, repeated singular fields, message merging, unknown fields of every wire
  type, wrong wire types for known fields, closed-enum unknowns, odd map entries.
- BAD_BINARY: encodings Python rejects (truncations, bad tags, bad UTF-8 in proto3 strings, broken groups,
  excessive depth).
- BAD_JSON: texts Python's Parse rejects and the ProtoJSON spec rejects too.
- ENCODE_ERRORS: messages that have a binary form but no ProtoJSON form (Python's MessageToJson raises).
- LENIENT_JSON: texts with unknown field names and unknown enum names, which Parse accepts only with
  ignore_unknown_fields=True (unknown enum names then leave the field, list item or map entry out).
"""

from oracle_wire import (EGROUP, LEN, SGROUP, VARINT, entry, f_bytes, f_double, f_fixed32, f_fixed64, f_float,
                         f_group, f_sint, f_varint, packed, tag, varint)

S = 'corpus.scalars3.Scalars'
R = 'corpus.scalars3.RepeatedScalars'
UNKNOWN_ALL = (f_varint(900, 5) + f_fixed64(901, 1) + f_bytes(902, b'xyz') + f_fixed32(903, 2)
               + f_group(904, f_varint(1, 1) + f_group(2, b'')))


def _nested(field, depth, leaf):
    data = leaf
    for _ in range(depth):
        data = f_bytes(field, data)
    return data


RAW = [
    ('redundant-varint', S, f_varint(1, 1, min_len=5) + f_varint(13, 1, min_len=10)),
    ('int32-5-byte-negative', S, tag(1, VARINT) + b'\xff\xff\xff\xff\x0f'),
    ('int32-from-64-bit-varint', S, f_varint(1, 2**32 + 7) + f_varint(3, 2**40 + 3) + f_varint(16, 2**32 + 1)),
    ('bool-large-varint', S, f_varint(13, 2) + f_varint(13, 2**63)),
    ('last-scalar-wins', S, f_varint(1, 1) + f_bytes(14, 'a') + f_varint(1, 2) + f_bytes(14, 'b')),
    ('message-merge', S, f_bytes(17, f_varint(1, 1) + f_bytes(14, 'x')) + f_bytes(17, f_varint(2, 2))),
    ('unknown-all-wire-types', S, f_varint(1, 3) + UNKNOWN_ALL + f_bytes(14, 'after')),
    ('unknown-in-nested', S, f_bytes(17, UNKNOWN_ALL + f_varint(1, 1))),
    ('wrong-wire-type', S, f_fixed32(1, 5) + f_varint(11, 1) + f_bytes(13, b'\x01') + f_varint(14, 3)),
    ('negative-enum-unknown', S, f_varint(16, -99)),
    ('sint-edges', S, f_sint(5, -2**31) + f_sint(6, -2**63) + f_sint(6, 2**63 - 1)),
    ('float-nan-payload', S, f_float(11, float('nan')) + tag(12, 1) + b'\x01\x00\x00\x00\x00\x00\xf8\x7f'),
    ('unpacked-as-packed', R, packed(1, [varint(1), varint(-1)]) + f_varint(1, 5) + packed(1, [])
     + packed(11, [b'\x00\x00\xc0\x3f']) + packed(13, [varint(0), varint(1)])),
    ('packed-as-unpacked', 'corpus.packed.Proto2Packing', f_varint(2, 7) + f_varint(2, 8) + packed(1, [varint(9)])
     + f_double(8, 1.5) + f_varint(12, 3) + packed(11, [varint(2), varint(1)])),
    ('packed3-unpacked-mix', 'corpus.packed3.Proto3Packing', f_varint(1, 1) + packed(2, [varint(3)])
     + f_varint(9, 77) + packed(10, [varint(-1)])),
    ('closed-enum-unknown', 'corpus.scalars2.Defaults', f_varint(22, 99) + f_varint(16, 5) + f_varint(23, 4)
     + f_varint(23, 1) + packed(24, [varint(10), varint(3), varint(-1)])),
    ('map-entry-odd', 'corpus.maps.KeyTypes',
     f_bytes(1, entry(None, f_bytes(2, 'no-key'))) + f_bytes(12, entry(f_bytes(1, 'no-value')))
     + f_bytes(1, f_bytes(2, 'v') + f_varint(1, 9)) + f_bytes(12, f_bytes(1, 'k') + f_bytes(2, 'first'))
     + f_bytes(12, f_bytes(1, 'k') + f_bytes(2, 'second')) + f_bytes(11, f_varint(1, 1))
     + f_bytes(3, b'')),
    ('map-message-merge', 'corpus.maps.ValueTypes',
     f_bytes(1, f_bytes(1, 'a') + f_bytes(2, f_bytes(1, 'n'))) + f_bytes(2, f_varint(1, 3) + f_varint(2, 17))),
    ('closed-enum-map', 'corpus.mixed2.Record', f_bytes(3, f_bytes(1, 'bad') + f_varint(2, 9))
     + f_bytes(3, f_bytes(1, 'good') + f_varint(2, 2)) + f_varint(2, 7)),
    ('oneof-last-wins', 'corpus.oneofs.Choice', f_varint(1, 5) + f_bytes(2, 's') + f_bytes(5, f_bytes(1, 'l'))
     + f_bytes(5, f_varint(2, 3)) + f_float(22, 1.0) + f_bytes(20, b'')),
    ('group-unknown-inside', 'corpus.groups.WithGroups',
     f_group(1, f_varint(2, 1) + f_group(50, f_varint(1, 1)) + f_varint(60, 2)) + f_group(4, f_varint(5, -1))
     + f_group(10, f_bytes(11, 'p'))),
    ('extension-unknown-number', 'corpus.ext.Base', f_varint(120, 4) + f_varint(100, 1) + f_bytes(101, 'x')
     + f_varint(100, 2) + packed(103, [varint(1), varint(2)]) + f_varint(104, 3)),
    ('any-raw', 'corpus.any.Envelope', f_bytes(2, f_bytes(1, 'type.googleapis.com/corpus.any.Payload')
                                              + f_bytes(2, f_varint(1, 1) + f_varint(99, 1)))),
    ('fields-out-of-order', S, f_bytes(15, b'\x00') + f_varint(16, 2) + f_varint(1, 1) + f_double(12, 2.0)),
]

BAD_BINARY = [
    ('truncated-varint', S, tag(1, VARINT) + b'\x80'),
    ('truncated-tag', S, b'\x80'),
    ('truncated-length', S, tag(14, LEN) + varint(5) + b'ab'),
    ('truncated-fixed64', S, tag(8, 1) + b'\x01\x02'),
    ('truncated-fixed32', S, tag(7, 5) + b'\x01'),
    ('huge-length', S, tag(15, LEN) + b'\xff\xff\xff\xff\x0f'),
    ('varint-11-bytes', S, tag(1, VARINT) + b'\xff' * 10 + b'\x01'),
    ('field-zero', S, b'\x00\x01'),
    ('wire-type-6', S, varint((1 << 3) | 6) + b'\x00'),
    ('wire-type-7', S, varint((1 << 3) | 7) + b'\x00'),
    ('end-group-alone', S, tag(1, EGROUP)),
    ('unterminated-group', S, tag(50, SGROUP) + f_varint(1, 1)),
    ('mismatched-end-group', S, tag(50, SGROUP) + tag(51, EGROUP)),
    ('invalid-utf8-proto3', S, f_bytes(14, b'\xc3\x28')),
    ('surrogate-utf8-proto3', S, f_bytes(14, b'\xed\xa0\x80')),
    ('overlong-utf8-proto3', S, f_bytes(14, b'\xc0\xaf')),
    ('truncated-nested', S, f_bytes(17, tag(14, LEN) + varint(3) + b'a')),
    ('bad-packed-varint', R, packed(1, [b'\x80'])),
    ('bad-packed-fixed', R, packed(7, [b'\x01\x02\x03'])),
    ('invalid-utf8-map-key', 'corpus.maps.KeyTypes', f_bytes(12, f_bytes(1, b'\xff'))),
    ('depth-150', 'corpus.recursive.ListNode', _nested(2, 150, f_varint(1, 1))),
    ('group-truncated', 'corpus.groups.WithGroups', tag(1, SGROUP) + f_varint(2, 1)),
]

BAD_JSON = [
    (S, ''), (S, '{'), (S, '{"fInt32": 1,}'), (S, '{"fInt32": 1} x'), (S, "{'fInt32': 1}"), (S, '{"fInt32": 01}'),
    (S, '{"nope": 1}'), (S, '{"fInt32": 1, "fInt32": 2}'),
    (S, '{"fInt32": 2147483648}'), (S, '{"fInt32": -2147483649}'), (S, '{"fInt32": 1.5}'), (S, '{"fInt32": "1.5"}'),
    (S, '{"fInt32": true}'), (S, '{"fInt32": "0x10"}'), (S, '{"fInt32": " 1"}'), (S, '{"fInt32": ""}'),
    (S, '{"fInt64": 9223372036854775808}'), (S, '{"fUint64": 1e20}'), (S, '{"fInt32": 1e10}'),
    (S, '{"fInt32": "1 "}'), (S, '{"fBytes": "a"}'), (S, '{"fString": "\\x"}'), (S, '{"fString": "\\u12"}'),
    (S, '{"fInt32": -}'), (S, '{"fInt32": 1}}'), (S, '{"fInt32" 1}'), (S, '{fInt32: 1}'), (S, '1'),
    (S, '{"fUint32": -1}'), (S, '{"fUint32": 4294967296}'), (S, '{"fFixed32": -1}'),
    (S, '{"fInt64": "9223372036854775808"}'), (S, '{"fUint64": "18446744073709551616"}'), (S, '{"fUint64": "-1"}'),
    (S, '{"fSfixed64": 1e19}'), (S, '{"fFloat": 1e39}'), (S, '{"fFloat": -1e39}'), (S, '{"fDouble": "nan"}'),
    (S, '{"fDouble": NaN}'), (S, '{"fDouble": Infinity}'), (S, '{"fDouble": "abc"}'),
    (S, '{"fBool": "true"}'), (S, '{"fBool": 1}'), (S, '{"fBool": null, "fBool": true}'), (S, '{"fString": 5}'),
    (S, '{"fString": ["a"]}'), (S, '{"fString": "\\ud800"}'), (S, '{"fBytes": 5}'), (S, '{"fEnum": "PURPLE"}'),
    (S, '{"fSelf": 5}'), (S, '{"fSelf": {"x": 1}}'),
    (S, '{"[corpus.ext.ext_int32]": 1}'),
    (R, '{"rInt32": 1}'), (R, '{"rInt32": [null]}'), (R, '{"rMessage": [null]}'), (R, '{"rInt32": [[1]]}'),
    (R, '{"rEnum": ["NOPE"]}'),
    ('corpus.scalars2.Defaults', '{"dEnum": 3}'), ('corpus.scalars2.Defaults', '{"rEnum": [99]}'),
    ('corpus.maps.KeyTypes', '{"int32Key": []}'), ('corpus.maps.KeyTypes', '{"int32Key": {"x": "a"}}'),
    ('corpus.maps.KeyTypes', '{"int32Key": {"2147483648": "a"}}'), ('corpus.maps.KeyTypes', '{"boolKey": {"1": "a"}}'),
    ('corpus.maps.KeyTypes', '{"boolKey": {"True": "a"}}'), ('corpus.maps.KeyTypes', '{"uint32Key": {"-1": "a"}}'),
    ('corpus.maps.KeyTypes', '{"stringKey": {"a": 1}}'), ('corpus.maps.KeyTypes', '{"stringKey": {"a": "1", "a": "2"}}'),
    ('corpus.maps.ValueTypes', '{"enumValue": {"1": "KIWI"}}'), ('corpus.maps.ValueTypes', '{"messageValue": {"a": 1}}'),
    ('corpus.oneofs.Choice', '{"pickInt": 1, "pickString": "a"}'),
    ('corpus.oneofs.Choice', '{"pickLeaf": {}, "pickNull": null, "pickMode": "FAST"}'),
    ('corpus.any.Envelope', '{"payload": {"serial": 1}}'), ('corpus.any.Envelope', '{"payload": {"@type": "x/nope.Nope"}}'),
    ('corpus.any.Envelope', '{"payload": {"@type": "type.googleapis.com/corpus.any.Payload", "bogus": 1}}'),
    ('corpus.any.Envelope', '{"payload": {"@type": "type.googleapis.com/google.protobuf.Duration", "value": 5}}'),
    ('corpus.any.Envelope', '{"payload": {"@type": 5}}'), ('corpus.any.Envelope', '{"payload": []}'),
    ('corpus.wkt.AllWellKnown', '{"timestamp": "2020-01-01"}'),
    ('corpus.wkt.AllWellKnown', '{"timestamp": "2020-01-01T00:00:00"}'),
    ('corpus.wkt.AllWellKnown', '{"timestamp": "10000-01-01T00:00:00Z"}'),
    ('corpus.wkt.AllWellKnown', '{"timestamp": "2020-01-01T00:00:00.1234567891Z"}'),
    ('corpus.wkt.AllWellKnown', '{"timestamp": "2020-01-01t00:00:00Z"}'),
    ('corpus.wkt.AllWellKnown', '{"timestamp": "2020-13-01T00:00:00Z"}'),
    ('corpus.wkt.AllWellKnown', '{"timestamp": 0}'),
    ('corpus.wkt.AllWellKnown', '{"timestamp": "1900-02-29T00:00:00Z"}'),
    ('corpus.wkt.AllWellKnown', '{"timestamp": "2020-01-01T24:00:00Z"}'),
    ('corpus.wkt.AllWellKnown', '{"timestamp": "2020-01-01T00:00:60Z"}'),
    ('corpus.wkt.AllWellKnown', '{"timestamp": "0000-01-01T00:00:00Z"}'),
    ('corpus.wkt.AllWellKnown', '{"duration": "-0.5.0s"}'), ('corpus.wkt.AllWellKnown', '{"duration": ".5s"}'),
    ('corpus.wkt.AllWellKnown', '{"duration": "1"}'), ('corpus.wkt.AllWellKnown', '{"duration": "315576000001s"}'),
    ('corpus.wkt.AllWellKnown', '{"duration": 1}'), ('corpus.wkt.AllWellKnown', '{"duration": "abcs"}'),
    ('corpus.wkt.AllWellKnown', '{"fieldMask": ["a"]}'), ('corpus.wkt.AllWellKnown', '{"fieldMask": "a_b"}'),
    ('corpus.wkt.AllWellKnown', '{"struct": []}'), ('corpus.wkt.AllWellKnown', '{"struct": 1}'),
    ('corpus.wkt.AllWellKnown', '{"listValue": {}}'), ('corpus.wkt.AllWellKnown', '{"int32Value": {"value": 1}}'),
    ('corpus.wkt.AllWellKnown', '{"boolValue": "true"}'),
    ('corpus.wkt.AllWellKnown', '{"nullValue": "null"}'), ('corpus.wkt.AllWellKnown', '{"uint32Value": -1}'),
    ('corpus.ext.Base', '{"[corpus.ext.nope]": 1}'), ('corpus.ext.Base', '{"[corpus.ext.ext_int32]": "x"}'),
    ('corpus.ext.Base', '{"[corpus.ext.ext_flavor]": "MINT"}'),
    ('corpus.groups.WithGroups', '{"single": 1}'), ('corpus.groups.WithGroups', '{"pick": {}, "pickText": "a"}'),
    ('corpus.recursive.ListNode', '{"next": ' * 150 + '{}' + '}' * 150),
    ('corpus.names.Naming', '{"gone": 1}'), ('corpus.names.Naming', '{"Custom": "x"}'),
]

ENCODE_ERRORS = [
    ('timestamp-too-big', 'corpus.wkt.AllWellKnown', f_bytes(9, f_varint(1, 253402300800))),
    ('timestamp-too-small', 'corpus.wkt.AllWellKnown', f_bytes(9, f_varint(1, -62135596801))),
    ('timestamp-negative-nanos', 'corpus.wkt.AllWellKnown', f_bytes(9, f_varint(1, 1) + f_varint(2, -1))),
    ('timestamp-nanos-too-big', 'corpus.wkt.AllWellKnown', f_bytes(9, f_varint(2, 10**9))),
    ('duration-too-big', 'corpus.wkt.AllWellKnown', f_bytes(2, f_varint(1, 315576000001))),
    ('duration-sign-mismatch', 'corpus.wkt.AllWellKnown', f_bytes(2, f_varint(1, 1) + f_varint(2, -1))),
    ('duration-nanos-too-big', 'corpus.wkt.AllWellKnown', f_bytes(2, f_varint(2, 10**9))),
    ('value-nan', 'corpus.wkt.AllWellKnown', f_bytes(6, f_double(2, float('nan')))),
    ('value-inf', 'corpus.wkt.AllWellKnown', f_bytes(6, f_double(2, float('inf')))),
    ('mask-uppercase', 'corpus.wkt.AllWellKnown', f_bytes(4, f_bytes(1, 'fooBar'))),
    ('mask-digit-after-underscore', 'corpus.wkt.AllWellKnown', f_bytes(4, f_bytes(1, 'a_1'))),
    ('mask-trailing-underscore', 'corpus.wkt.AllWellKnown', f_bytes(4, f_bytes(1, 'a_'))),
    ('any-unknown-type', 'corpus.any.Envelope', f_bytes(2, f_bytes(1, 'type.googleapis.com/nope.Nope'))),
    ('any-bad-value', 'corpus.any.Envelope',
     f_bytes(2, f_bytes(1, 'type.googleapis.com/corpus.any.Payload') + f_bytes(2, b'\x08'))),
]

LENIENT_JSON = [
    (S, '{"fInt32": 1, "unknownField": {"a": [1, {"b": null}]}, "fString": "x", "zzz": null}'),
    (S, '{"fEnum": "PURPLE", "fBool": true}'),
    (S, '{"@type": "type.googleapis.com/corpus.scalars3.Scalars", "fSelf": {"nope": [], "fSelf": {"x": 1}}}'),
    (R, '{"rEnum": ["RED", "PURPLE", "BLUE", 7], "rInt32": [1], "other": 1}'),
    ('corpus.maps.ValueTypes', '{"enumValue": {"1": "KIWI", "2": "APPLE"}, "stray": {}}'),
    ('corpus.any.Envelope', '{"payload": {"@type": "type.googleapis.com/corpus.any.Payload", "bogus": 1,'
                            ' "serial": "2"}, "id": "i", "extra": "e"}'),
    ('corpus.ext.Base', '{"[corpus.ext.nope]": 1, "name": "n", "[corpus.ext.ext_flavor]": "MINT"}'),
    ('corpus.scalars2.Defaults', '{"dEnum": "NOPE", "rEnum": ["LOW", "NOPE"], "plainInt32": 3}'),
    ('corpus.oneofs.Choice', '{"pickMode": "TURBO", "outside": "o", "gone": [1, 2]}'),
    ('corpus.wkt.AllWellKnown', '{"struct": {"unknownKeysAreData": 1}, "nope": 1, "timestamp": "1970-01-01T00:00:01Z"}'),
]
