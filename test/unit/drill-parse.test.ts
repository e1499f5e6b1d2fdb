import { readFile, readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseDrill } from '../../src/drill/parse.js';

const minimal = (method: string, extra = '') => `
title: t
${extra}
method:
${method}
`;

describe('drill files', () => {
  it('every bundled drill validates, with its variables substituted and typed', async () => {
    const files = (await readdir('drills')).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const parsed = parseDrill(await readFile(`drills/${file}`, 'utf8'));
      expect(parsed.issues, file).toEqual([]);
      expect(parsed.drill?.method.length, file).toBeGreaterThan(0);
    }
    const outage = parseDrill(await readFile('drills/regional-outage.yaml', 'utf8'));
    expect(outage.drill?.load?.rate).toBe(10);
    expect(outage.drill?.objectives?.rto).toBe(20_000);
  });

  it('--var overrides a default and keeps numbers numbers', async () => {
    const text = await readFile('drills/regional-outage.yaml', 'utf8');
    const parsed = parseDrill(text, { rate: 40, rto: '5s', region: 'us-east-1' });
    expect(parsed.drill?.load?.rate).toBe(40);
    expect(parsed.drill?.objectives?.rto).toBe(5000);
    expect(parsed.drill?.method[0]?.provider).toMatchObject({
      kind: 'region-outage',
      region: 'us-east-1',
    });
  });

  it.each([
    {
      name: 'an undefined variable',
      text: minimal('  - { type: action, name: a, provider: { type: wait, duration: "${nope}" } }'),
      path: '$.method[0].provider.duration',
      expected: /--var nope=/,
    },
    {
      name: 'an unknown provider',
      text: minimal('  - { type: action, name: a, provider: { type: explode } }'),
      path: '$.method[0].provider.type',
      expected: /unknown provider type; expected one of lab-fault, .*failover/,
    },
    {
      name: 'a probe naming an action provider',
      text: minimal('  - { type: probe, name: a, provider: { type: wait, duration: 1s } }'),
      path: '$.method[0].provider.type',
      expected: /a probe provider/,
    },
    {
      name: 'a reference to a later step',
      text: minimal(
        '  - { type: action, name: a, provider: { type: lab-clear, id: "${steps.b.id}" } }\n  - { type: action, name: b, provider: { type: lab-fault, kind: latency, region: us-west-2, ms: 5 } }',
      ),
      path: '$.method[0]',
      expected: /"b" is not one/,
    },
    {
      name: 'a duplicate step name',
      text: minimal(
        '  - { type: action, name: a, provider: { type: wait, duration: 1s } }\n  - { type: action, name: a, provider: { type: wait, duration: 1s } }',
      ),
      path: '$.method[1].name',
      expected: /already used/,
    },
    {
      name: 'a bad duration',
      text: minimal('  - { type: action, name: a, provider: { type: wait, duration: soon } }'),
      path: '$.method[0].provider.duration',
      expected: /expected a duration such as 30s/,
    },
    {
      name: 'an unknown field',
      text: minimal(
        '  - { type: action, name: a, provider: { type: wait, duration: 1s } }',
        'colour: red',
      ),
      path: '$.colour',
      expected: /no such field/,
    },
    { name: 'not YAML', text: 'title: [', path: '$', expected: /valid YAML or JSON/ },
    { name: 'no method', text: 'title: t', path: '$.method', expected: /required/ },
  ])('reports $name with its path', ({ text, path, expected }) => {
    const parsed = parseDrill(text);
    expect(parsed.drill).toBeUndefined();
    const issue = parsed.issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(parsed.issues)).toBeDefined();
    expect(issue!.expected).toMatch(expected);
  });

  it('reports every problem at once', () => {
    const parsed = parseDrill(
      minimal(
        '  - { type: action, name: a, provider: { type: wait, duration: soon } }\n  - { type: probe, name: b, provider: { type: http, method: DELETE } }',
      ),
    );
    expect(parsed.issues.map((i) => i.path).sort()).toEqual(
      ['$.method[0].provider.duration', '$.method[1].provider.method'].sort(),
    );
  });

  it('accepts JSON', () => {
    const parsed = parseDrill(
      JSON.stringify({
        title: 'j',
        method: [{ type: 'action', name: 'w', provider: { type: 'wait', duration: 2 } }],
      }),
    );
    expect(parsed.drill?.method[0]?.provider).toEqual({ type: 'wait', duration: 2000 });
  });
});
