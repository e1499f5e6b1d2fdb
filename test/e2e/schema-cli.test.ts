/**
 * `mysfits-dr schema` end to end: the built CLI lists the published `--json` documents, prints
 * one as JSON Schema (draft 2020-12) and refuses an unknown name with a usage error. The
 * printed JSON Schema is read back (zod's `fromJSONSchema`) and validates real documents the
 * CLI prints without AWS, and rejects them once broken.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  DOCUMENT_NAMES,
  DOCUMENTS,
  documentJsonSchema,
  type DocumentName,
} from '../../src/core/documents/registry.js';
import { runCli, type CliRun } from '../helpers/cli.js';

const show = (run: CliRun) => `exit ${run.code}\n${run.stdout}\n${run.stderr}`;
/** No AWS at all: commands that would call it fail fast. */
const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'us-west-2' };
let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'mysfits-schema-'));
  await writeFile(join(home, 'bad.json'), JSON.stringify({ version: 1, regions: [] }));
  await writeFile(join(home, 'bad-drill.yaml'), 'title: no method\nmethod: 3\n');
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

/** Runs the CLI and parses its one JSON document. */
async function json(args: readonly string[], cwd?: string): Promise<{ run: CliRun; doc: unknown }> {
  const run = await runCli(['--json', ...args], { env, ...(cwd ? { cwd } : {}) });
  return { run, doc: JSON.parse(run.stdout) as unknown };
}

/** The JSON Schema `schema <name>` prints, read back as a validator. */
async function printed(name: DocumentName) {
  const run = await runCli(['schema', name], { env, cwd: home });
  expect(run.code, show(run)).toBe(0);
  const jsonSchema = JSON.parse(run.stdout) as Record<string, unknown>;
  return { jsonSchema, validator: z.fromJSONSchema(jsonSchema as z.core.JSONSchema.JSONSchema) };
}

describe('schema', () => {
  it('lists every document with its description, without a config file', async () => {
    const run = await runCli(['schema'], { env, cwd: home });
    expect(run.code, show(run)).toBe(0);
    for (const name of DOCUMENT_NAMES) {
      expect(run.stdout).toMatch(
        new RegExp(
          `^${name} +${DOCUMENTS[name].description.slice(0, 20).replace(/[|()[\]]/g, '\\$&')}`,
          'm',
        ),
      );
    }
    const { run: listed, doc } = await json(['schema'], home);
    expect(listed.code, show(listed)).toBe(0);
    const parsed = DOCUMENTS['schema-list'].schema.parse(doc) as { documents: { name: string }[] };
    expect(parsed.documents.map((d) => d.name)).toEqual(DOCUMENT_NAMES);
  });

  it('prints one document as JSON Schema draft 2020-12, the same in both modes', async () => {
    const { jsonSchema } = await printed('operation');
    expect(jsonSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(jsonSchema).toEqual(documentJsonSchema('operation'));
    expect(jsonSchema.title).toBe('mysfits-dr operation document');
    // Key properties survive the conversion: required fields, literals, the closed shape.
    expect(jsonSchema.type).toBe('object');
    expect(jsonSchema.additionalProperties).toBe(false);
    expect(jsonSchema.required).toEqual(
      expect.arrayContaining([
        'schemaVersion',
        'kind',
        'operation',
        'runId',
        'plan',
        'outcome',
        'state',
      ]),
    );
    const properties = jsonSchema.properties as Record<string, Record<string, unknown>>;
    expect(properties.kind).toMatchObject({ const: 'operation' });
    expect(properties.outcome?.enum).toEqual(['planned', 'refused', 'no-op', 'completed']);
    const { run, doc } = await json(['schema', 'operation'], home);
    expect(run.code, show(run)).toBe(0);
    expect(doc).toEqual(jsonSchema);
  });

  it('an unknown name is a usage error naming it and listing the valid names', async () => {
    const run = await runCli(['schema', 'nope'], { env, cwd: home });
    expect(run.code, show(run)).toBe(2);
    expect(run.stderr).toContain('schema nope: no such document');
    for (const name of DOCUMENT_NAMES) expect(run.stderr).toContain(name);
    expect(run.stdout).toBe('');
    const { run: asJson, doc } = await json(['schema', 'nope'], home);
    expect(asJson.code).toBe(2);
    const { error } = DOCUMENTS.error.schema.parse(doc) as { error: { code: string } };
    expect(error.code).toBe('UNKNOWN_DOCUMENT');
  });

  it('every document converts to JSON Schema', () => {
    for (const name of DOCUMENT_NAMES) {
      const jsonSchema = documentJsonSchema(name);
      expect(jsonSchema.$schema, name).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(
        () => z.fromJSONSchema(jsonSchema as z.core.JSONSchema.JSONSchema),
        name,
      ).not.toThrow();
    }
  });
});

describe('the printed JSON Schema validates what the CLI prints', () => {
  const cases: { name: DocumentName; args: string[]; code: number; cwd?: 'home' }[] = [
    { name: 'config', args: ['config', 'show'], code: 0 },
    { name: 'config-validation', args: ['config', 'validate'], code: 0 },
    { name: 'iam-policy', args: ['iam-policy'], code: 0 },
    { name: 'drill-list', args: ['drill', 'list'], code: 0 },
    { name: 'drill-validation', args: ['drill', 'validate', 'regional-outage'], code: 0 },
    {
      name: 'drill-validation',
      args: ['drill', 'validate', 'bad-drill.yaml'],
      code: 2,
      cwd: 'home',
    },
    {
      name: 'config-validation',
      args: ['--config', 'bad.json', 'config', 'validate'],
      code: 2,
      cwd: 'home',
    },
    { name: 'error', args: ['config', 'show'], code: 2, cwd: 'home' },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.args.join(' ')} (exit ${c.code})`, async () => {
      const { run, doc } = await json(c.args, c.cwd === 'home' ? home : undefined);
      expect(run.code, show(run)).toBe(c.code);
      DOCUMENTS[c.name].schema.parse(doc);
      const { validator } = await printed(c.name);
      expect(validator.safeParse(doc).success, show(run)).toBe(true);
      // A closed document with a field it does not have, or without one it must have, fails.
      if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
        const extra = { ...(doc as object), unexpected: 1 };
        expect(validator.safeParse(extra).success).toBe(false);
      }
    });
  }
});
