// The terminal views of `replication lag` and `replication probe`, plain and coloured side by side.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderReplicationLag } from '../../src/cli/output/replication-lag.js';
import { renderReplicationProbe } from '../../src/cli/output/replication-probe.js';
import { lagDoc, probeDoc } from '../helpers/replication-docs.js';

const plain = new Chalk({ level: 0 });
const colour = new Chalk({ level: 1 });

describe('replication views', () => {
  it('lag: one aligned row per direction; missing figures are dashes, never 0', () => {
    expect(renderReplicationLag(lagDoc, plain).split('\n')).toEqual([
      'MysfitsTable replication lag from CloudWatch (ReplicationLatency, last 15 min, 60 s periods; threshold 5 s, stale after 300 s)',
      'direction              verdict  latest avg  latest max  window max  age   pending',
      'us-west-2 → us-east-1  ok       302 ms      310 ms      1.34 s      23 s  not published',
      'us-east-1 → us-west-2  missing  –           –           –           –     not published',
    ]);
  });

  it('probe: seen/requested and min/median/max per direction, then the cleanup', () => {
    expect(renderReplicationProbe(probeDoc, plain).split('\n')).toEqual([
      'MysfitsTable replication probe (run r): 3 canaries per direction, 500 ms apart; resolution 100 ms; timeout 10 s; threshold 5 s',
      'direction              verdict  seen  min     median  max',
      'us-west-2 → us-east-1  ok       3/3   1.05 s  1.11 s  1.13 s',
      'us-east-1 → us-west-2  stalled  0/3   –       –       –',
      'canaries: 4 written, all deleted in both regions (8 deletes)',
    ]);
  });

  it('colours verdicts (green ok, red stalled, yellow missing) and keeps the columns aligned', () => {
    const text = renderReplicationProbe(probeDoc, colour);
    expect(text).toContain(colour.green('ok'));
    expect(text).toContain(colour.red('stalled'));
    expect(renderReplicationLag(lagDoc, colour)).toContain(colour.yellow('missing'));
    // eslint-disable-next-line no-control-regex
    const stripped = text.replace(/\u001b\[[0-9;]*m/g, '');
    expect(stripped).toBe(renderReplicationProbe(probeDoc, plain));
  });
});
