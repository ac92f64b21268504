"""Hand-written edge-case messages for the differential oracle.

Each entry is (label, message type, builder): the builder either fills a fresh message (a function) or is a
ProtoJSON text that Python's Parse must accept (a string; the text itself then becomes one of the case's JSON
inputs).
"""

from oracle_random import DURATION_MAX, TIMESTAMP_MAX, TIMESTAMP_MIN

S3 = 'corpus.scalars3.'
ALL_BYTES = bytes(range(256))
ASTRAL = '\U0001F600\U0001D11E\U0010FFFF'
ESCAPES = '"\\/\b\f\n\r\t\x00\x01\x1f\x7f\u2028\u2029\ufeff'
INT_FIELDS = ['f_int32', 'f_int64', 'f_uint32', 'f_uint64', 'f_sint32', 'f_sint64', 'f_fixed32', 'f_fixed64',
              'f_sfixed32', 'f_sfixed64']
MAXES = {'int32': 2**31 - 1, 'int64': 2**63 - 1, 'uint32': 2**32 - 1, 'uint64': 2**64 - 1, 'sint32': 2**31 - 1,
         'sint64': 2**63 - 1, 'fixed32': 2**32 - 1, 'fixed64': 2**64 - 1, 'sfixed32': 2**31 - 1,
         'sfixed64': 2**63 - 1}
MINS = {'int32': -2**31, 'int64': -2**63, 'uint32': 0, 'uint64': 0, 'sint32': -2**31, 'sint64': -2**63,
        'fixed32': 0, 'fixed64': 0, 'sfixed32': -2**31, 'sfixed64': -2**63}


# ProtoJSON spellings a parser must accept, beyond what printers produce.
JSON_SPELLINGS = [
    '{"fInt32": 1e2, "fInt64": "1e2", "fUint32": "100", "fSint64": -0, "fFixed64": 1.0e1, "fDouble": "1e-2",'
    ' "fFloat": "-0", "fBool": true}',
    '{"fUint64": 18446744073709551615, "fInt64": -9223372036854775808, "fSfixed64": 9007199254740993,'
    ' "fFixed32": 4294967295, "fSint32": -2147483648}',
    '{"fInt32": "-2147483648", "fUint64": "18446744073709551615", "fSfixed32": 2147483647.0, "fInt64": "-0"}',
    '{"f\\u0049nt32": 5, "f_string": "\\u00e9\\ud83d\\ude00\\/\\\\\\"\\b\\f\\n\\r\\t\\u0000"}',
    '{"fBytes": "-_8"}', '{"fBytes": "+/8="}', '{"fBytes": "AA"}', '{"fBytes": "AAE="}', '{"fBytes": ""}',
    '{"fEnum": "BLUE"}', '{"fEnum": -3}', '{"fEnum": 99}', '{"fEnum": "MAX_COLOR"}',
    ' \t\n{ \r"fInt32" :\t1 ,\n"fString":"" } \n',
    '{"fSelf": null, "fString": null, "fEnum": null, "fDouble": null, "fBytes": null}',
    '{"fDouble": 0.1000000000000000055511151231257827, "fFloat": 3.4028234663852886e38}',
    '{"fDouble": -1.7976931348623157e308, "fFloat": -1.401298464324817e-45}',
    '{"fDouble": 5e-324, "fFloat": "1.17549435e-38"}',
    '{"fDouble": "-Infinity", "fFloat": "NaN"}',
    '{"fSelf": {"fSelf": {}}, "f_self": null}',
]


def _set_all(prefix, table):
    def build(m):
        for kind, value in table.items():
            setattr(m, prefix + kind, value)
    return build


def _attrs(**values):
    def build(m):
        for name, value in values.items():
            setattr(m, name, value)
    return build


def _nest(field, depth, leaf):
    def build(m):
        cur = m
        for _ in range(depth):
            cur = getattr(cur, field)
        leaf(cur)
    return build


def scalar_cases():
    c = []
    c.append(('empty', S3 + 'Scalars', _attrs()))
    c.append(('max', S3 + 'Scalars', _set_all('f_', MAXES)))
    c.append(('min', S3 + 'Scalars', _set_all('f_', MINS)))
    c.append(('minus-one', S3 + 'Scalars', _set_all('f_', {k: -1 for k, v in MINS.items() if v < 0})))
    for name, value in [('neg-zero', -0.0), ('nan', float('nan')), ('inf', float('inf')), ('-inf', float('-inf')),
                        ('tenth', 0.1), ('float-max', 3.4028234663852886e38), ('denormal', 1.401298464324817e-45),
                        ('big-int', 16777217.0), ('exp', 1e-7)]:
        c.append(('float-' + name, S3 + 'Scalars', _attrs(f_float=value)))
    for name, value in [('neg-zero', -0.0), ('nan', float('nan')), ('inf', float('inf')), ('-inf', float('-inf')),
                        ('max', 1.7976931348623157e308), ('min-denormal', 5e-324), ('1e21', 1e21), ('1e-7', 1e-7),
                        ('2^53+1', 9007199254740993.0), ('third', 1 / 3), ('neg-big', -1.2345e-300)]:
        c.append(('double-' + name, S3 + 'Scalars', _attrs(f_double=value)))
    c.append(('strings-escapes', S3 + 'Scalars', _attrs(f_string=ESCAPES)))
    c.append(('strings-astral', S3 + 'Scalars', _attrs(f_string='a' + ASTRAL + '\u00e9\u4e2d')))
    c.append(('strings-long', S3 + 'Scalars', _attrs(f_string='\u00e9x' * 600)))
    c.append(('strings-controls', S3 + 'Scalars', _attrs(f_string=''.join(chr(i) for i in range(32)))))
    c.append(('bytes-all', S3 + 'Scalars', _attrs(f_bytes=ALL_BYTES)))
    for n in range(1, 5):
        c.append(('bytes-%d' % n, S3 + 'Scalars', _attrs(f_bytes=b'\xfb\xff\xbf'[:n] + b'\x00' * max(0, n - 3))))
    for name, value in [('red', 1), ('negative', -3), ('max', 2**31 - 1), ('unknown', 99), ('unknown-neg', -5)]:
        c.append(('enum-' + name, S3 + 'Scalars', _attrs(f_enum=value)))
    c.append(('bool-true', S3 + 'Scalars', _attrs(f_bool=True)))
    c.append(('self-3', S3 + 'Scalars', _nest('f_self', 3, _attrs(f_int32=7, f_string='deep'))))
    c.append(('self-empty', S3 + 'Scalars', lambda m: m.f_self.SetInParent()))
    c.append(('self-deep-60', S3 + 'Scalars', _nest('f_self', 60, _attrs(f_bool=True))))
    c.append(('optional-zeros', S3 + 'OptionalScalars', _set_all('o_', {k: 0 for k in MAXES})))
    c.append(('optional-zero-others', S3 + 'OptionalScalars',
              _attrs(o_float=0.0, o_double=-0.0, o_bool=False, o_string='', o_bytes=b'', o_enum=0)))
    c.append(('optional-max', S3 + 'OptionalScalars', _set_all('o_', MAXES)))
    c.append(('optional-empty', S3 + 'OptionalScalars', _attrs()))
    for i, text in enumerate(JSON_SPELLINGS):
        c.append(('json-spelling-%d' % i, S3 + 'Scalars', text))
    c.append(('repeated-edges', S3 + 'RepeatedScalars', _repeated_edges))
    c.append(('repeated-empty-items', S3 + 'RepeatedScalars', _repeated_empty_items))
    c.append(('repeated-long', S3 + 'RepeatedScalars',
              lambda m: (m.r_int32.extend(range(-500, 500)), m.r_double.extend(x / 7 for x in range(200)))))
    return c


def _repeated_edges(m):
    for kind in MAXES:
        getattr(m, 'r_' + kind).extend([MINS[kind], 0, MAXES[kind], 1])
    m.r_float.extend([0.0, -0.0, float('nan'), float('inf'), 1.5])
    m.r_double.extend([float('-inf'), 5e-324, -0.0, 1e300])
    m.r_bool.extend([True, False, True])
    m.r_string.extend(['', ASTRAL, ESCAPES])
    m.r_bytes.extend([b'', b'\x00', ALL_BYTES[:7]])
    m.r_enum.extend([0, 1, -3, 77, 2])


def _repeated_empty_items(m):
    m.r_message.add()
    m.r_message.add().f_int32 = 1
    m.r_message.add()
    m.r_string.extend(['', ''])


def proto2_cases():
    p = 'corpus.scalars2.'
    c = [('empty', p + 'Defaults', _attrs())]
    c.append(('explicit-defaults', p + 'Defaults',
              _attrs(d_int32=-42, d_int64=-9000000000, d_uint32=2**32 - 1, d_uint64=2**64 - 1, d_float=1.5,
                     d_bool=True, d_string='h\u00e9llo "quoted"', d_bytes=b'\x00\x01\xffabc', d_enum=10)))
    c.append(('zeros', p + 'Defaults', _attrs(d_int32=0, d_string='', d_bool=False, d_enum=1, d_nan=0.0,
                                              plain_int32=0, plain_string='', plain_enum=5)))
    c.append(('special-floats', p + 'Defaults', _attrs(d_inf=float('-inf'), d_neg_inf=float('inf'),
                                                       d_nan=float('nan'), d_double=-0.0)))
    c.append(('closed-repeated', p + 'Defaults', lambda m: (m.r_enum.extend([1, 5, 10, -1]),
                                                            m.r_enum_packed.extend([-1, 10]))))
    c.append(('required-min', p + 'WithRequired', _attrs(id=0, name='')))
    c.append(('required-tree', p + 'WithRequired', _required_tree))
    c.append(('holder-map', p + 'RequiredHolder', _required_holder))
    return c


def _required_tree(m):
    m.id, m.name, m.level = 1, 'root', -1
    m.child.id, m.child.name = 2, 'kid'
    for i in range(3):
        k = m.children.add()
        k.id, k.name = 10 + i, 'c%d' % i


def _required_holder(m):
    m.item.id, m.item.name = -5, 'x'
    for key in ['', 'a', ASTRAL]:
        m.by_name[key].id = len(key)
        m.by_name[key].name = key


def map_cases():
    p = 'corpus.maps.'
    c = [('empty', p + 'KeyTypes', _attrs())]

    def extremes(m):
        for kind in MAXES:
            container = getattr(m, kind + '_key')
            for key in sorted({MINS[kind], 0, MAXES[kind], 1, -1 if MINS[kind] < 0 else 2}):
                container[key] = 'v%d' % key
        m.bool_key[True] = 'yes'
        m.bool_key[False] = ''
        for key in ['', ' ', ESCAPES, ASTRAL, '\u00e9', 'a.b', '@type', '0']:
            m.string_key[key] = key
    c.append(('extreme-keys', p + 'KeyTypes', extremes))

    def values(m):
        m.message_value['empty'].SetInParent()
        m.message_value['full'].name = 'n'
        m.message_value['full'].children['x'].count = -1
        m.enum_value[0] = 0
        m.enum_value[1] = 2
        m.enum_value[-1] = 42
        m.bytes_value[0] = b''
        m.bytes_value[2**64 - 1] = ALL_BYTES[250:]
        m.double_value[True] = float('nan')
        m.double_value[False] = -0.0
        m.float_value[-2**63] = float('-inf')
        m.float_value[2**63 - 1] = 0.1
        m.int64_value[2**64 - 1] = -2**63
        m.uint64_value[-2**31] = 2**64 - 1
        m.bool_value[''] = False
        m.sint32_value[-2**63] = -2**31
    c.append(('value-types', p + 'ValueTypes', values))
    c.append(('json-int-keys', p + 'KeyTypes',
              '{"int32Key": {"-5": "a", "007": "b"}, "uint64Key": {"18446744073709551615": "c"},'
              ' "boolKey": {"true": "t"}, "sfixed64Key": {"-9223372036854775808": "m"}}'))
    return c


def oneof_cases():
    p = 'corpus.oneofs.'
    c = []
    zeros = [('pick_int', 0), ('pick_string', ''), ('pick_bytes', b''), ('pick_mode', 0), ('pick_double', 0.0),
             ('pick_bool', False), ('pick_null', 0), ('pick_uint64', 0)]
    for name, value in zeros:
        c.append(('zero-' + name, p + 'Choice', _attrs(**{name: value})))
    c.append(('empty-leaf', p + 'Choice', lambda m: m.pick_leaf.SetInParent()))
    c.append(('value-null', p + 'Choice', lambda m: setattr(m.pick_value, 'null_value', 0)))
    c.append(('value-list', p + 'Choice', lambda m: m.pick_value.list_value.values.add().string_value.__len__()))
    c.append(('empty-time', p + 'Choice', lambda m: m.pick_time.SetInParent()))
    c.append(('empty-wrapped', p + 'Choice', lambda m: m.pick_wrapped.SetInParent()))
    c.append(('both-oneofs', p + 'Choice', _attrs(pick_mode=2, other_float=-0.0, outside='o')))
    c.append(('nested-choice', p + 'Choice', lambda m: (setattr(m.nested_choice.nested_choice, 'pick_int', -1),
                                                        setattr(m.nested_choice, 'pick_uint64', 2**64 - 1))))
    c.append(('json-null-member', p + 'Choice', '{"pickNull": null, "otherFloat": "Infinity"}'))
    c.append(('json-value-null', p + 'Choice', '{"pickValue": null}'))

    def deep(m):
        m.middle.inner.back.middle.inner.deep_leaf.label = 'bottom'
        m.choices['a'].pick_leaf.weight = -2**63
        m.choices[''].SetInParent()
    c.append(('deep', p + 'Outer', deep))
    c.append(('deep-inners', p + 'Outer', lambda m: (m.middle.inners.add().deep_name.__len__(),
                                                     setattr(m.middle.inners.add(), 'deep_name', 'z'))))
    return c


def wkt_cases():
    w = 'corpus.wkt.AllWellKnown'
    c = [('empty', w, _attrs())]
    for seconds, nanos in [(0, 0), (TIMESTAMP_MIN, 0), (TIMESTAMP_MAX, 999999999), (-1, 1), (1, 10**6),
                           (1, 1000), (1, 1), (951782400, 120000000), (-62135596800, 500)]:
        c.append(('ts-%d-%d' % (seconds, nanos), w, _wkt_time(seconds, nanos)))
    for seconds, nanos in [(0, 0), (-1, -500000000), (0, -1), (0, 1), (DURATION_MAX, 999999999),
                           (-DURATION_MAX, -999999999), (3600, 10**6)]:
        c.append(('dur-%d-%d' % (seconds, nanos), w, _wkt_duration(seconds, nanos)))
    c.append(('mask', w, lambda m: m.field_mask.paths.extend(['a', 'foo_bar.baz_qux', 'x1.y2'])))
    c.append(('json-times', w, '{"timestamp": "1970-01-01T00:00:00.1Z", "duration": "1.5s"}'))
    c.append(('json-offset', w, '{"timestamp": "2000-01-01T05:30:00+05:30", "duration": "-0.000000001s"}'))
    c.append(('json-offset-neg', w, '{"timestamp": "1969-12-31T19:00:00.123456-05:00", "duration": "0.1s"}'))
    c.append(('json-mask', w, '{"fieldMask": "a.bC,dEF.g"}'))
    c.append(('mask-empty', w, lambda m: m.field_mask.SetInParent()))
    c.append(('struct', w, '{"struct": {"a": [1, "two", null, true, {"b": []}, [[]]], "": {}, "n": -0.5e-3}}'))
    c.append(('struct-empty', w, '{"struct": {}, "listValue": [], "value": {}}'))
    c.append(('values', w, '{"value": [null, 1e300, -2.5, "\\u00e9\\ud83d\\ude00", false, {"k": {"k": {}}}]}'))
    c.append(('value-number', w, '{"value": 12345678901234567890}'))
    c.append(('value-null', w, '{"value": null, "nullValue": null, "optionalNull": null}'))
    c.append(('wrappers-zero', w, _wrappers_zero))
    c.append(('wrappers-edges', w, '{"doubleValue": "NaN", "floatValue": "-Infinity", "int64Value": "-9223372036854775808",'
                                   ' "uint64Value": "18446744073709551615", "int32Value": -2147483648,'
                                   ' "uint32Value": 4294967295, "boolValue": true, "stringValue": "\\ud83d\\ude00",'
                                   ' "bytesValue": "AP8="}'))
    c.append(('empty-and-context', w, lambda m: (m.empty.SetInParent(), setattr(m.source_context, 'file_name', 'f'))))
    c.append(('type-api', w, _type_api))
    c.append(('repeated', 'corpus.wkt.RepeatedWellKnown',
              '{"nulls": ["NULL_VALUE", 0], "values": [null, {}, []], "int64s": ["1", 0], "bytess": [""],'
              ' "empties": [{}, {}], "masks": ["", "aB.cD"], "durations": ["-0.5s", "1.000000001s"],'
              ' "timestamps": ["1970-01-01T00:00:00Z"], "doubles": [-0.0, 1], "floats": [0.1], "uint32s": [0],'
              ' "structs": [{}], "lists": [[], [[]]], "anys": [{}]}'))
    c.append(('mapped', 'corpus.wkt.MappedWellKnown',
              '{"values": {"n": null, "s": "x", "l": [1]}, "times": {"-1": "2000-02-29T23:59:59.5Z"},'
              ' "durations": {"true": "0s", "false": "-1s"}, "int32s": {"z": 0}, "structs": {"4294967295": {}},'
              ' "nulls": {"a": "NULL_VALUE"}, "strings": {"": ""},'
              ' "anys": {"e": {}, "i": {"@type": "type.googleapis.com/google.protobuf.Int32Value", "value": 1}}}'))
    return c


def _wkt_time(seconds, nanos):
    def build(m):
        m.timestamp.seconds, m.timestamp.nanos = seconds, nanos
    return build


def _wkt_duration(seconds, nanos):
    def build(m):
        m.duration.seconds, m.duration.nanos = seconds, nanos
    return build


def _wrappers_zero(m):
    for name in ['double_value', 'float_value', 'int64_value', 'uint64_value', 'int32_value', 'uint32_value',
                 'bool_value', 'string_value', 'bytes_value']:
        getattr(m, name).SetInParent()


def _type_api(m):
    m.type.name = 'corpus.T'
    f = m.type.fields.add()
    f.kind, f.cardinality, f.number, f.name, f.json_name = 9, 1, 1, 'a_b', 'aB'
    o = m.type.options.add()
    o.name = 'opt'
    o.value.Pack(m.source_context.__class__(file_name='x.proto'))
    m.type.syntax = 1
    m.api.name = 'corpus.Service'
    m.api.methods.add(name='Call', request_type_url='type.googleapis.com/corpus.A', response_streaming=True)
    m.api.version = 'v1'
