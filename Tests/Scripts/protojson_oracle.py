#!/usr/bin/env python3
"""Differential oracle: Python protobuf (upb backend) as the reference for our ProtoJSON <-> binary codec.

Message classes are built at run time from a FileDescriptorSet (protoc --include_imports --descriptor_set_out),
so no generated _pb2 files are needed.

  protojson_oracle.py generate --descriptor-set corpus.pb --out cases.jsonl [--seed 20240917] [--per-type 8]
      Writes one JSON object per line:
        {"kind": "message", "id", "type", "binary": b64, "canonical": bool,
         "json": {"default", "emitDefaults", "protoNames", "emitDefaultsProtoNames"},   # Python's MessageToJson
         "inputs": [{"label", "text"}, ...]}                                             # texts Python's Parse accepts
        {"kind": "badJSON", "id", "type", "text", "pythonError"}        # Python's Parse rejects the text
        {"kind": "badBinary", "id", "type", "binary", "pythonError"}    # Python's ParseFromString rejects the bytes
        {"kind": "encodeError", "id", "type", "binary", "pythonError"}  # parses, but MessageToJson raises
        {"kind": "lenientJSON", "id", "type", "text"}   # Parse accepts it only with ignore_unknown_fields=True
      and a summary on stderr.

  protojson_oracle.py verify --descriptor-set corpus.pb --cases cases.jsonl --results ours.jsonl
      Reads our outputs, one per line: {"id", "input": i, "ours": b64} (our JSON->binary of inputs[i]) or
      {"id", "roundtrip": true, "ours": b64} (our binary decode->encode of the case binary) or {"id", "ours": b64}
      for a lenientJSON case. Parses ours with ParseFromString and compares with Python's Parse(inputs[i]) /
      ParseFromString(binary) / Parse(text, ignore_unknown_fields=True). Prints one JSON line
      per mismatch {"id", "type", "check", "path", "detail", "input"} and finally {"summary": {...}}.
      Exit status 0 even with mismatches (the caller reports them); 2 on usage or environment errors.
"""

import argparse
import base64
import json
import random
import sys

try:
    from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory
    from google.protobuf.internal import api_implementation
except ImportError as error:  # pragma: no cover - reported to the Swift test
    print('protojson_oracle: Python protobuf is not installed (%s); run `make venv`' % error, file=sys.stderr)
    sys.exit(2)

import oracle_cases
import oracle_cases2
import oracle_compare
import oracle_variants
import oracle_wirecases
from oracle_random import RandomMessages

ANY_WKTS = ['google.protobuf.Timestamp', 'google.protobuf.Duration', 'google.protobuf.FieldMask',
            'google.protobuf.Struct', 'google.protobuf.Value', 'google.protobuf.ListValue', 'google.protobuf.Empty',
            'google.protobuf.Int32Value', 'google.protobuf.UInt64Value', 'google.protobuf.StringValue',
            'google.protobuf.BytesValue', 'google.protobuf.DoubleValue', 'google.protobuf.FloatValue',
            'google.protobuf.Any']


class Env:
    """The descriptor pool with the corpus loaded, plus class and extension lookups for case builders."""

    def __init__(self, descriptor_set_path, seed):
        if api_implementation.Type() != 'upb':
            raise SystemExit('protojson_oracle: expected the upb backend, got %s' % api_implementation.Type())
        with open(descriptor_set_path, 'rb') as f:
            fds = descriptor_pb2.FileDescriptorSet.FromString(f.read())
        # A pool of our own with every file from the set, the well-known types included: both sides then use
        # exactly the schemas protoc compiled (Python's bundled WKTs may be newer, e.g. Type.edition).
        self.pool = descriptor_pool.DescriptorPool()
        self.corpus_files = []
        for file in fds.file:
            self.pool.Add(file)
            if not file.name.startswith('google/'):
                self.corpus_files.append(file.name)
        self.sampler = RandomMessages(seed ^ 0x5EED, self.pool, self.cls, [])

    def cls(self, name):
        return message_factory.GetMessageClass(self.pool.FindMessageTypeByName(name))

    def ext(self, name):
        return self.pool.FindExtensionByName(name)

    def sample(self, name):
        return self.sampler.message(name, depth=2)

    def corpus_types(self):
        names = []

        def walk(desc):
            if desc.GetOptions().map_entry:
                return
            names.append(desc.full_name)
            for nested in desc.nested_types:
                walk(nested)
        for file_name in self.corpus_files:
            for desc in self.pool.FindFileByName(file_name).message_types_by_name.values():
                walk(desc)
        return names


def b64(data):
    return base64.b64encode(data).decode('ascii')


def python_json(msg, pool):
    """Python's output in the four modes; keys sorted, since map order in upb's output depends on hashing."""
    def run(**kw):
        return json_format.MessageToJson(msg, descriptor_pool=pool, indent=None, sort_keys=True, **kw)
    return {'default': run(), 'emitDefaults': run(always_print_fields_with_no_presence=True),
            'protoNames': run(preserving_proto_field_name=True),
            'emitDefaultsProtoNames': run(always_print_fields_with_no_presence=True, preserving_proto_field_name=True)}


class Generator:
    def __init__(self, env, out, stats):
        self.env, self.out, self.stats = env, out, stats
        self.debug = False
        self.ids = set()

    def emit(self, record):
        if record['id'] in self.ids:
            raise SystemExit('protojson_oracle: duplicate case id %s' % record['id'])
        self.ids.add(record['id'])
        self.out.write(json.dumps(record, ensure_ascii=True) + '\n')
        self.stats[record['kind']] = self.stats.get(record['kind'], 0) + 1

    def message_case(self, case_id, msg, binary=None, extra_inputs=()):
        pool = self.env.pool
        try:
            outputs = python_json(msg, pool)
        except Exception as error:  # a case builder produced a message without a JSON form
            print('protojson_oracle: skipping %s: %s' % (case_id, error), file=sys.stderr)
            self.stats['skipped'] = self.stats.get('skipped', 0) + 1
            return
        canonical = msg.SerializeToString(deterministic=True)
        inputs = [{'label': 'hand', 'text': t} for t in extra_inputs]
        # JSON drops unknown fields (also inside Any), so variants are checked against what Python reads back
        # from its own output; a variant is kept when Python reads it to that same message.
        reference = self.parse(outputs['default'], type(msg)) or msg
        for label, text in oracle_variants.variants(msg, pool):
            if self.round_trips(reference, text):
                inputs.append({'label': label, 'text': text})
            else:
                self.stats['droppedVariants'] = self.stats.get('droppedVariants', 0) + 1
                if self.debug:
                    print('dropped %s %s: %s' % (case_id, label, text[:300]), file=sys.stderr)
        self.emit({'kind': 'message', 'id': case_id, 'type': msg.DESCRIPTOR.full_name,
                   'binary': b64(binary if binary is not None else canonical), 'canonical': binary is None,
                   'json': outputs, 'inputs': inputs})

    def parse(self, text, cls):
        try:
            return json_format.Parse(text, cls(), descriptor_pool=self.env.pool)
        except Exception:
            return None

    def round_trips(self, msg, text):
        try:
            parsed = json_format.Parse(text, type(msg)(), descriptor_pool=self.env.pool)
        except Exception:
            return False
        return oracle_compare.compare(msg, parsed) is None

    def hand(self, prefix, cases):
        for label, type_name, builder in cases:
            cls = self.env.cls(type_name)
            case_id = '%s/%s' % (prefix, label)
            if isinstance(builder, str):
                msg = json_format.Parse(builder, cls(), descriptor_pool=self.env.pool)
                self.message_case(case_id, msg, extra_inputs=[builder])
            else:
                msg = cls()
                builder(msg)
                self.message_case(case_id, msg)

    def raw(self):
        for label, type_name, data in oracle_wirecases.RAW:
            msg = self.env.cls(type_name)()
            msg.ParseFromString(data)
            self.message_case('raw/' + label, msg, binary=data)

    def invalid(self):
        pool = self.env.pool
        for i, (type_name, text) in enumerate(oracle_wirecases.BAD_JSON):
            try:
                json_format.Parse(text, self.env.cls(type_name)(), descriptor_pool=pool)
                print('protojson_oracle: Python accepts bad JSON %r for %s; dropped' % (text, type_name),
                      file=sys.stderr)
            except json_format.ParseError as error:
                self.emit({'kind': 'badJSON', 'id': 'badjson/%d' % i, 'type': type_name, 'text': text,
                           'pythonError': str(error)[:300]})
        for label, type_name, data in oracle_wirecases.BAD_BINARY:
            try:
                self.env.cls(type_name)().ParseFromString(data)
                print('protojson_oracle: Python accepts bad binary %s; dropped' % label, file=sys.stderr)
            except Exception as error:
                self.emit({'kind': 'badBinary', 'id': 'badbinary/' + label, 'type': type_name, 'binary': b64(data),
                           'pythonError': str(error)[:300]})
        for i, (type_name, text) in enumerate(oracle_wirecases.LENIENT_JSON):
            json_format.Parse(text, self.env.cls(type_name)(), ignore_unknown_fields=True, descriptor_pool=pool)
            try:
                json_format.Parse(text, self.env.cls(type_name)(), descriptor_pool=pool)
                raise SystemExit('protojson_oracle: lenient case %d has nothing unknown' % i)
            except json_format.ParseError:
                pass
            self.emit({'kind': 'lenientJSON', 'id': 'lenient/%d' % i, 'type': type_name, 'text': text})
        for label, type_name, data in oracle_wirecases.ENCODE_ERRORS:
            msg = self.env.cls(type_name)()
            msg.ParseFromString(data)
            try:
                json_format.MessageToJson(msg, descriptor_pool=pool)
                print('protojson_oracle: Python encodes %s; dropped' % label, file=sys.stderr)
            except Exception as error:
                self.emit({'kind': 'encodeError', 'id': 'encodeerror/' + label, 'type': type_name,
                           'binary': b64(data), 'pythonError': str(error)[:300]})

    def randoms(self, seed, per_type):
        types = self.env.corpus_types()
        gen = RandomMessages(seed, self.env.pool, self.env.cls, types + ANY_WKTS)
        for name in types:
            for i in range(per_type):
                self.message_case('random/%s/%d' % (name, i), gen.message(name))


def generate(args):
    env = Env(args.descriptor_set, args.seed)
    stats = {}
    with open(args.out, 'w', encoding='utf-8') as out:
        g = Generator(env, out, stats)
        g.debug = args.debug
        g.hand('scalars', oracle_cases.scalar_cases())
        g.hand('proto2', oracle_cases.proto2_cases())
        g.hand('maps', oracle_cases.map_cases())
        g.hand('oneofs', oracle_cases.oneof_cases())
        g.hand('wkt', oracle_cases.wkt_cases())
        for family in oracle_cases2.ALL:
            g.hand(family.__name__.replace('_cases', ''), family(env))
        g.raw()
        g.invalid()
        g.randoms(args.seed, args.per_type)
    print(json.dumps({'summary': stats, 'files': len(env.corpus_files), 'types': len(env.corpus_types())}),
          file=sys.stderr)
    return 0


def verify(args):
    env = Env(args.descriptor_set, 0)
    cases = {}
    with open(args.cases, encoding='utf-8') as f:
        for line in f:
            record = json.loads(line)
            cases[record['id']] = record
    checked = failed = 0
    with open(args.results, encoding='utf-8') as f:
        for line in f:
            result = json.loads(line)
            case = cases.get(result['id'])
            if case is None:
                print(json.dumps({'id': result['id'], 'check': 'lookup', 'path': '$', 'detail': 'unknown case id'}))
                failed += 1
                continue
            checked += 1
            mismatch = check_one(env, case, result)
            if mismatch is not None:
                failed += 1
                print(json.dumps(mismatch, ensure_ascii=False))
    print(json.dumps({'summary': {'checked': checked, 'failed': failed}}))
    return 0


def check_one(env, case, result):
    cls = env.cls(case['type'])
    if result.get('roundtrip'):
        check, source = 'binary-roundtrip', None
        expected = cls()
        expected.ParseFromString(base64.b64decode(case['binary']))
    elif case['kind'] == 'lenientJSON':
        check, source = 'json:ignore-unknown-fields', case['text']
        expected = json_format.Parse(source, cls(), ignore_unknown_fields=True, descriptor_pool=env.pool)
    else:
        entry = case['inputs'][result['input']]
        check, source = 'json:' + entry['label'], entry['text']
        expected = json_format.Parse(source, cls(), descriptor_pool=env.pool)
    report = {'id': case['id'], 'type': case['type'], 'check': check, 'input': source}
    actual = cls()
    try:
        actual.ParseFromString(base64.b64decode(result['ours']))
    except Exception as error:
        report.update(path='$', detail='Python cannot parse our binary: %s' % error, ours=result['ours'])
        return report
    diff = oracle_compare.compare(expected, actual)
    if diff is None:
        return None
    report.update(path=diff[0], detail=diff[1], ours=result['ours'])
    return report


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = parser.add_subparsers(dest='command', required=True)
    g = sub.add_parser('generate')
    g.add_argument('--descriptor-set', required=True)
    g.add_argument('--out', required=True)
    g.add_argument('--seed', type=int, default=20240917)
    g.add_argument('--per-type', type=int, default=8)
    g.add_argument('--debug', action='store_true', help='print each dropped JSON variant')
    v = sub.add_parser('verify')
    v.add_argument('--descriptor-set', required=True)
    v.add_argument('--cases', required=True)
    v.add_argument('--results', required=True)
    args = parser.parse_args(argv)
    random.seed(0)
    return generate(args) if args.command == 'generate' else verify(args)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
