import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bufferReader, JsonSyntaxError, streamJsonObject } from '../../src/util/json-stream.js';

const LISTS = ['items', 'more'];

function read(text: string, blockBytes?: number): ReturnType<typeof streamJsonObject> {
  return streamJsonObject(bufferReader(Buffer.from(text)), LISTS, blockBytes);
}

/** What streamJsonObject reads, put back together: the value with its lists, as JSON.parse gives it. */
function whole(text: string, blockBytes?: number): unknown {
  const { value, lists } = read(text, blockBytes);
  if (lists.size === 0) return value;
  return { ...(value as object), ...Object.fromEntries([...lists].map(([name, elements]) => [name, [...elements]])) };
}

/** JSON.parse's answer, or 'error'. */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return 'error';
  }
}

function streamed(text: string, blockBytes?: number): unknown {
  try {
    return whole(text, blockBytes);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return 'error';
    throw error;
  }
}

describe('streamJsonObject', () => {
  it.each([
    ['a list member', '{"a": 1, "items": [{"n": 1}, {"n": 2}], "z": [3]}', { a: 1, z: [3] }, [{ n: 1 }, { n: 2 }]],
    ['an empty list', '{"items": [ ]}', {}, []],
    ['no list member', '{"a": "x"}', { a: 'x' }, null],
    ['a list member that is not a list', '{"items": {"n": 1}}', { items: { n: 1 } }, null],
    ['a repeated name: the last counts, as in JSON.parse', '{"items": [1], "items": [2, 3]}', {}, [2, 3]],
    ['a repeated name whose last is not a list', '{"items": [1], "items": 7}', { items: 7 }, null],
    ['strings holding brackets, quotes and escaped backslashes', '{"items": ["]", "\\"}", "\\\\", {"k]": "[{"}]}', {}, [']', '"}', '\\', { 'k]': '[{' }]],
    ['a top level that is not an object', '[1, 2]', [1, 2], null],
    ['a byte order mark', '\ufeff{"items": [1]}', {}, [1]],
    ['multi-byte characters', '{"t": "“Iraq’s” 😀", "items": ["é"]}', { t: '“Iraq’s” 😀' }, ['é']],
    ['a member named __proto__', '{"__proto__": 1, "items": []}', JSON.parse('{"__proto__": 1}') as unknown, []],
  ])('reads %s', (_name, text, value, elements) => {
    for (const blockBytes of [1, 2, 7, undefined]) {
      const { value: rest, lists } = read(text, blockBytes);
      expect(rest).toStrictEqual(value);
      const items = lists.get('items');
      expect(items === undefined ? null : [...items]).toStrictEqual(elements);
    }
  });

  it.each([
    ['laid out by JSON.stringify(value, null, 2)', JSON.stringify({ items: [{ a: [1, { b: 2 }] }, [{ c: '}' }], 3, 'x', { d: '\n  }' }] }, null, 2)],
    ['laid out with CRLF line ends', JSON.stringify({ items: [{ a: { b: 1 } }, { c: 2 }] }, null, 4).replace(/\n/g, '\r\n')],
    ['laid out with tabs', JSON.stringify({ items: [{ a: { b: 1 } }, { c: 2 }] }, null, '\t')],
    ['an inner close at the element\'s column', '{"items": [\n  {"a": {\n  }, "b": 1\n  },\n  {"c": 2\n  }\n]}'],
    ['elements on a line each', '{\n  "items": [\n    {"a": 1},\n    {"b": {"c": 2\n    }}\n  ]\n}'],
    ['a pretty element, then others laid out otherwise', '{"items": [\n  {"a": 1\n  },\n  {"b": 2}, {"c": 3\n  },\n  [4\n  ]\n]}'],
    ['an element longer than the search', JSON.stringify({ items: [{ long: 'x'.repeat(70_000) }, { short: 1 }] }, null, 2)],
  ])('reads elements %s as JSON.parse does, whatever the block size', (_name, text) => {
    for (const blockBytes of [1, 7, 64, 256, 4096, undefined]) expect(whole(text, blockBytes)).toStrictEqual(JSON.parse(text));
  });

  it('streams each list named, from the text again each time it is iterated', () => {
    const { value, lists } = read('{"more": [[1], {"a": "]"}], "x": null, "items": ["a", "b"]}', 3);
    expect(value).toStrictEqual({ x: null });
    const items = lists.get('items') ?? [];
    expect([...items, ...items]).toStrictEqual(['a', 'b', 'a', 'b']);
    expect([...(lists.get('more') ?? [])]).toStrictEqual([[1], { a: ']' }]);
  });

  it.each([
    ['a truncated list', '{"items": [1, 2', /Unterminated object or list/],
    ['a missing comma between members', '{"a": 1 "items": []}', /Expected ',' or '}' after a member, found '"' at position 8/],
    ['a missing colon', '{"a" 1}', /Expected ':' after a member name/],
    ['data after the object', '{"items": []} x', /Unexpected data after the JSON value/],
    ['an unterminated string', '{"a": "x', /Unterminated string/],
    ['an unquoted name', '{a: 1}', /Expected a member name/],
    ['nothing', '', /.+/],
  ])('refuses %s when read', (_name, text, message) => {
    expect(() => read(text)).toThrow(message);
  });

  it.each([
    ['a bad element', '{"items": [1, tru, 3]}', 1],
    ['elements without a comma', '{"items": [1 2]}', 1],
    ['a trailing comma', '{"items": [1, ]}', 1],
  ])('refuses %s when the list gets there, after the elements before it', (_name, text, before) => {
    const seen: unknown[] = [];
    const items = read(text).lists.get('items') ?? [];
    expect(() => {
      for (const element of items) seen.push(element);
    }).toThrow(JsonSyntaxError);
    expect(seen).toHaveLength(before);
  });

  it('reads the text once to find its members and once more for each list iterated, starting each where it is needed', () => {
    // A long member before the list: a list read from the start of the file would read it again.
    const head = 'h'.repeat(200_000);
    const text = JSON.stringify({ head, items: Array.from({ length: 2000 }, (_, i) => ({ i, t: 'x'.repeat(50) })), tail: 't' });
    const bytes = Buffer.from(text);
    const whole = bufferReader(bytes);
    let read = 0;
    const counted = (buffer: Buffer, offset: number, length: number, position: number): number => {
      const n = whole(buffer, offset, length, position);
      read += n;
      return n;
    };
    const blockBytes = 4096;
    const { value, lists } = streamJsonObject(counted, ['items'], blockBytes);
    expect(value).toStrictEqual({ head, tail: 't' });
    expect([...(lists.get('items') ?? [])]).toHaveLength(2000);
    // The members' scan, then the list's elements from where the list starts, each with up to two blocks of read-ahead.
    const listBytes = bytes.length - text.indexOf('"items"');
    expect(read).toBeLessThanOrEqual(bytes.length + listBytes + 4 * blockBytes);
  });

  it('agrees with JSON.parse on any object with a list, however laid out', () => {
    const objects = fc.record({ items: fc.array(fc.jsonValue()), more: fc.jsonValue(), other: fc.jsonValue(), 'it"ems': fc.jsonValue() }, { requiredKeys: [] });
    fc.assert(
      fc.property(objects, fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 64 }), (object, indent, blockBytes) => {
        const text = JSON.stringify(object, null, indent);
        expect(streamed(text, blockBytes)).toStrictEqual(parsed(text));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with JSON.parse on lists of objects and lists laid out as citecheck writes them, in blocks that hold whole elements', () => {
    const element = fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.array(fc.jsonValue()), fc.jsonValue());
    const objects = fc.record({ items: fc.array(element), other: fc.jsonValue() });
    fc.assert(
      fc.property(objects, fc.integer({ min: 1, max: 4 }), fc.constantFrom(256, 1024, undefined), (object, indent, blockBytes) => {
        const text = JSON.stringify(object, null, indent);
        expect(streamed(text, blockBytes)).toStrictEqual(parsed(text));
      }),
      { numRuns: 300 },
    );
  });

  it('fails where JSON.parse fails, on texts cut short or with a character changed', () => {
    const texts = fc
      .tuple(fc.record({ items: fc.array(fc.jsonValue(), { minLength: 1 }), other: fc.jsonValue() }), fc.nat(), fc.constantFrom('', ',', ']', '}', '"', '\\', ':', ' ', 'x', '['), fc.boolean())
      .map(([object, at, character, cut]) => {
        const text = JSON.stringify(object, null, 1);
        const i = at % text.length;
        return cut ? text.slice(0, i) : `${text.slice(0, i)}${character}${text.slice(i + 1)}`;
      });
    fc.assert(
      fc.property(texts, fc.constantFrom(1, 7, 64, 256, 4096), (text, blockBytes) => {
        expect(streamed(text, blockBytes)).toStrictEqual(parsed(text));
      }),
      { numRuns: 1000 },
    );
  });
});
