"""Hand-written edge cases, part two: Any, extensions, groups, recursion, packing, names, nesting, mixed proto2.

Same shape as oracle_cases: (label, message type, builder function or ProtoJSON text). Builders that need other
message classes or extension handles receive them through the `env` object (`env.cls(name)`, `env.ext(name)`).
"""

from oracle_cases import ALL_BYTES, ASTRAL

TYPE_URL = 'type.googleapis.com/'


def any_cases(env):
    e = 'corpus.any.Envelope'
    payload = env.cls('corpus.any.Payload')
    c = [('empty', e, lambda m: m.payload.SetInParent())]
    c.append(('user-type', e, lambda m: m.payload.Pack(payload(serial=-1, tags=['a', ''], blob=b'\x00\xff'))))
    c.append(('empty-user-type', e, lambda m: m.payload.Pack(payload())))

    def nested(m):
        inner = payload(serial=2)
        inner.next.Pack(env.cls('google.protobuf.Timestamp')(seconds=1, nanos=5))
        outer_any = env.cls('google.protobuf.Any')()
        outer_any.Pack(inner)
        m.payload.Pack(outer_any)
    c.append(('any-in-any', e, nested))
    c.append(('custom-prefix', e, lambda m: m.payload.Pack(payload(ratio=0.5), type_url_prefix='example.com/a/b')))
    c.append(('no-slash-prefix', e, lambda m: m.payload.Pack(payload(serial=1), type_url_prefix='')))
    wkts = [('google.protobuf.Timestamp', dict(seconds=-1, nanos=999)), ('google.protobuf.Duration', dict(nanos=-1)),
            ('google.protobuf.FieldMask', dict(paths=['a_b', 'c'])), ('google.protobuf.Empty', {}),
            ('google.protobuf.Int64Value', dict(value=-2**63)), ('google.protobuf.UInt64Value', {}),
            ('google.protobuf.BoolValue', dict(value=False)), ('google.protobuf.BytesValue', dict(value=b'\xfb')),
            ('google.protobuf.DoubleValue', dict(value=float('nan'))),
            ('google.protobuf.FloatValue', dict(value=0.1)), ('google.protobuf.StringValue', dict(value=ASTRAL)),
            ('google.protobuf.Int32Value', dict(value=-1)), ('google.protobuf.UInt32Value', dict(value=2**32 - 1))]
    for name, fields in wkts:
        c.append(('wkt-' + name.split('.')[-1], e, _pack(env.cls(name), fields)))
    c.append(('wkt-struct', e, '{"payload": {"@type": "type.googleapis.com/google.protobuf.Struct",'
                               ' "value": {"a": [1, {"b": null}]}}}'))
    c.append(('wkt-value', e, '{"payload": {"@type": "type.googleapis.com/google.protobuf.Value", "value": "s"}}'))
    c.append(('wkt-list', e, '{"payload": {"@type": "type.googleapis.com/google.protobuf.ListValue",'
                             ' "value": [[], {}]}}'))
    c.append(('type-last', e, '{"payload": {"serial": "5", "@type": "type.googleapis.com/corpus.any.Payload"}}'))
    c.append(('collections', e, '{"attachments": [{}, {"@type": "type.googleapis.com/corpus.any.Payload"}],'
                                ' "byKey": {"k": {"@type": "type.googleapis.com/corpus.scalars3.Scalars",'
                                ' "fFloat": "NaN"}}, "anyBody": {}}'))
    c.append(('user-types', e, _user_types(env)))
    return c


def _pack(cls, fields):
    def build(m):
        m.payload.Pack(cls(**fields))
    return build


def _user_types(env):
    def build(m):
        names = ['corpus.ext.Base', 'corpus.groups.WithGroups', 'corpus.names.Naming', 'corpus.oneofs.Choice',
                 'corpus.maps.KeyTypes', 'corpus.scalars2.Defaults']
        for name in names:
            m.attachments.add().Pack(env.sample(name))
        m.inner.payload.Pack(env.sample('corpus.mixed2.Record'))
        m.text_body = 'x'
    return build


def extension_cases(env):
    b = 'corpus.ext.Base'
    c = [('empty', b, lambda m: None)]

    def all_ext(m):
        m.name = 'base'
        m.Extensions[env.ext('corpus.ext.ext_int32')] = -1
        m.Extensions[env.ext('corpus.ext.ext_string')] = ASTRAL
        m.Extensions[env.ext('corpus.ext.ext_flavor')] = 2
        m.Extensions[env.ext('corpus.ext.ext_int64s')].extend([2**63 - 1, 0])
        m.Extensions[env.ext('corpus.ext.ext_packed')].extend([-1, 1, -2**31])
        m.Extensions[env.ext('corpus.ext.ext_addon')].note = 'n'
        m.Extensions[env.ext('corpus.ext.ext_addons')].add().base.number = 3
        m.Extensions[env.ext('corpus.ext.ext_bytes')] = b''
        m.Extensions[env.ext('corpus.ext.ext_double')] = float('-inf')
        m.Extensions[env.ext('corpus.ext.ext_fixed64')] = 2**64 - 1
        m.Extensions[env.ext('corpus.ext.ext_bool')] = False
        m.Extensions[env.ext('corpus.ext.ext_big_number')] = 7
        m.Extensions[env.ext('corpus.ext.Scope.scoped')].text = 'scoped'
        m.Extensions[env.ext('corpus.ext.Scope.scoped_number')] = 0
    c.append(('all', b, all_ext))
    c.append(('nested-in-ext', b, lambda m: m.Extensions[env.ext('corpus.ext.ext_addon')].base.Extensions[
        env.ext('corpus.ext.ext_string')].__len__()))
    c.append(('json', b, '{"[corpus.ext.ext_flavor]": "VANILLA", "[corpus.ext.Scope.scoped]": {},'
                         ' "[corpus.ext.ext_packed]": [1, "2"], "number": 0}'))
    c.append(('holder', 'corpus.ext.Holder', lambda m: (
        m.base.Extensions.__setitem__(env.ext('corpus.ext.ext_int32'), 5),
        m.bases.add().Extensions.__setitem__(env.ext('corpus.ext.ext_bool'), True))))
    return c


def group_cases(env):
    g = 'corpus.groups.WithGroups'
    c = [('empty', g, lambda m: None)]
    c.append(('empty-groups', g, lambda m: (m.single.SetInParent(), m.multi.add(), m.pick.SetInParent())))

    def full(m):
        m.single.a, m.single.b = -1, 'b'
        for i in range(3):
            item = m.multi.add()
            item.x = i - 1
            item.inner.values.extend([0, 2**32 - 1][:i])
            item.inner.flag = i % 2 == 0
        m.after = 9
        m.pick_text = ''
        m.nested.add().single.a = 1
    c.append(('full', g, full))
    c.append(('json', g, '{"single": {"b": "x"}, "multi": [{"inner": {"values": [1]}}], "pick": {"label": "l"}}'))
    return c


def recursive_cases(env):
    p = 'corpus.recursive.'
    c = [('empty-tree', p + 'TreeNode', lambda m: None)]

    def tree(m):
        m.value = 'root'
        m.left.value = 'l'
        m.left.left.left.right.value = 'lllr'
        for i in range(4):
            m.children.add().value = str(i)
        m.children[1].children.add().named['x'].value = 'named'
        m.named[''].SetInParent()
    c.append(('tree', p + 'TreeNode', tree))

    def chain(n):
        def build(m):
            cur = m
            for i in range(n):
                cur.value = i
                cur = cur.next
            cur.value = -1
        return build
    c.append(('list-1', p + 'ListNode', chain(1)))
    c.append(('list-80', p + 'ListNode', chain(80)))

    def ping(m):
        m.depth = 1
        m.pong.tag = 't'
        m.pong.ping.pong.pings.add().depth = 3
        m.pong.pings.add()
    c.append(('ping-pong', p + 'Ping', ping))
    return c


def packing_cases(env):
    p2, p3 = 'corpus.packed.Proto2Packing', 'corpus.packed3.Proto3Packing'

    def fill(m):
        for f in m.DESCRIPTOR.fields:
            values = {1: [0, -1, 2**31 - 1], 3: [-2**63, 5], 5: [2**32 - 1], 7: [float('nan'), -0.0], 9: [True],
                      11: [0, 3, 1], 13: [2**64 - 1], 14: [-1], 15: [0.1]}.get(f.number)
            if values is None:
                values = {2: [-300], 4: [1], 6: [0, 0], 8: [1e-300], 10: [False, True], 12: [3]}.get(f.number, [])
            getattr(m, f.name).extend(values)
    c = [('filled2', p2, fill), ('empty2', p2, lambda m: None)]

    def fill3(m):
        for f in m.DESCRIPTOR.fields:
            if f.type in (f.TYPE_FLOAT,):
                getattr(m, f.name).extend([1.5, float('-inf')])
            elif f.type == f.TYPE_BOOL:
                getattr(m, f.name).extend([False])
            elif f.type == f.TYPE_ENUM:
                getattr(m, f.name).extend([0, 2, 9])
            else:
                getattr(m, f.name).extend([0, 1, 127, 128])
    c.append(('filled3', p3, fill3))
    c.append(('single-zero', p3, '{"defaultInt32": [0], "unpackedInt32": [0]}'))
    return c


def naming_cases(env):
    n = 'corpus.names.Naming'
    c = [('empty', n, lambda m: None)]

    def all_names(m):
        for f in m.DESCRIPTOR.fields:
            if f.is_repeated and f.message_type is None:
                getattr(m, f.name).extend(['a', 'b'])
            elif f.message_type is not None:
                getattr(m, f.name)['k'] = f.number
            elif f.type == f.TYPE_STRING:
                setattr(m, f.name, f.name)
            elif f.type == f.TYPE_BOOL:
                setattr(m, f.name, True)
            else:
                setattr(m, f.name, f.number)
    c.append(('all', n, all_names))
    c.append(('proto-names', n, '{"snake_case_name": "s", "field_name1": 1, "_leading": 2, "trailing_": 3,'
                                ' "custom": "c", "other_custom": 4, "UPPER_CASE": "U", "map_field": {"m": 1},'
                                ' "list_of_things": ["x"], "a_b_c": 5, "field__double": 6}'))
    c.append(('json-names', n, '{"snakeCaseName": "s", "Leading": 2, "renamed": "r", "@odd key": "-4",'
                               ' "UPPERCASE": "u", "TheMap": {}, "items": [], "aBC": 1, "fieldDouble": 2}'))
    return c


def nested_cases(env):
    n = 'corpus.nested.Level1'

    def deep(m):
        four = m.two.three.four
        four.deep = 7
        four.note = 'bottom'
        four.loop.add().two.three.kind = 2
        m.two.threes['a'].fours.add().deep = 0
        m.kind = 1
        m.scalars.f_sint64 = -2**63
        m.key_types.sint32_key[-1] = 'neg'
        m.tree.children.add().value = 't'
        m.bottoms.add().note = ''
        m.color = -3
    return [('empty', n, lambda m: None), ('deep', n, deep)]


def mixed_cases(env):
    r = 'corpus.mixed2.Record'

    def full(m):
        m.key = 'none'
        m.level = 5
        m.statuses['ok'] = 1
        m.statuses[''] = 0
        m.at.seconds = 86400
        m.extra.Pack(env.cls('corpus.scalars2.Defaults')(d_enum=-1))
        m.defaults.add()
        m.defaults.add().d_bytes = ALL_BYTES[:3]
        m.meta.author = 'a'
        m.meta.revisions.extend([1, -1])
        m.record_value.level_value = 10
        m.Extensions[env.ext('corpus.mixed2.ext_level')] = 1
        m.Extensions[env.ext('corpus.mixed2.ext_notes')].extend(['', 'n'])
        m.Extensions[env.ext('corpus.mixed2.extgroup')].gx = -9
    return [('empty', r, lambda m: None), ('full', r, full),
            ('json', r, '{"level": "HIGH", "intValue": "-1", "meta": {}, "[corpus.mixed2.extgroup]": {},'
                        ' "statuses": {"x": "FAIL"}, "at": "1970-01-01T00:00:00.100+01:00"}')]


ALL = [any_cases, extension_cases, group_cases, recursive_cases, packing_cases, naming_cases, nested_cases,
       mixed_cases]
