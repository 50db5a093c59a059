import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseDocument, readDocument } from '../../src/parse/index.js';
import type { LintCode } from '../../src/types.js';

interface ObjectSchema {
  required: string[];
  properties: Record<string, { enum?: string[] }>;
}
interface Schema extends ObjectSchema {
  properties: Record<string, ObjectSchema & { enum?: string[] }>;
  $defs: Record<'citation' | 'claim' | 'warning', ObjectSchema>;
}

/** Every lint code, listed so the compiler rejects this file when one is added to the type. */
const LINT_CODES: Record<LintCode, true> = {
  placeholder: true,
  marker_without_note: true,
  note_never_cited: true,
  marker_out_of_order: true,
  marker_repeated: true,
  quotation_without_marker: true,
  short_form_unmatched: true,
  short_form_ambiguous: true,
  ibid_without_previous: true,
  note_without_source: true,
  note_repeated: true,
};

const schema = JSON.parse(await readFile('schema/citations.schema.json', 'utf8')) as Schema;
const PATH = 'documents/us-iraq-strategic-dialogue.txt';
const seed = parseDocument(await readDocument(PATH), PATH);

const sorted = (keys: Iterable<string>): string[] => [...keys].sort();

describe('schema/citations.schema.json', () => {
  it('lists exactly the fields parse writes, all required', () => {
    expect(sorted(Object.keys(seed))).toEqual(sorted(schema.required));
    expect(sorted(Object.keys(seed.document))).toEqual(sorted(schema.properties.document?.required ?? []));
    for (const [name, value] of [
      ['citation', seed.citations[0]],
      ['claim', seed.citations[0]?.claims[0]],
      ['warning', seed.warnings[0]],
    ] as const) {
      const def = schema.$defs[name];
      expect(sorted(Object.keys(value ?? {})), name).toEqual(sorted(def.required));
      expect(sorted(Object.keys(def.properties)), name).toEqual(sorted(def.required));
    }
  });

  it('lists every lint code of the type', () => {
    expect(sorted(schema.$defs.warning.properties.code?.enum ?? [])).toEqual(sorted(Object.keys(LINT_CODES)));
  });

  it('allows the dates parse writes', () => {
    const pattern = new RegExp((schema.$defs as unknown as Record<string, { pattern: string }>).isoDate?.pattern ?? '$^');
    const dates = seed.citations.flatMap((c) => [c.published, c.accessed]).filter((d): d is string => d !== null);
    expect(dates.length).toBeGreaterThan(0);
    for (const date of [...dates, '2020', '2021-07']) expect(date).toMatch(pattern);
    expect('26/7/2021').not.toMatch(pattern);
  });
});
