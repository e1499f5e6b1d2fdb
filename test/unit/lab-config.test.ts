import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { labConfig } from '../../src/config/lab-config.js';
import { parseConfig } from '../../src/config/loader.js';

describe('the repository config', () => {
  it('is exactly the lab topology, so every command works against the lab out of the box', async () => {
    const file = JSON.parse(await readFile('mysfits-dr.config.json', 'utf8')) as unknown;
    expect(file).toEqual(labConfig());
  });

  it('validates, with us-west-2 as primary and two services per region', () => {
    const config = parseConfig(labConfig(), 'lab');
    expect(config.primaryRegion).toBe('us-west-2');
    expect(config.regions.map((r) => r.ecs.services.map((s) => s.role))).toEqual([
      ['core', 'like'],
      ['core', 'like'],
    ]);
  });
});
