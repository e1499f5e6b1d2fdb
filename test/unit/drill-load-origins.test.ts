// `load.origins` in a drill file: validated (known origins, shares in 0..1 summing to 1, each
// problem naming its path, the value found and the fix), spread over the requests by share,
// mapped to the lab's source addresses, and refused off loopback (on AWS the tool cannot
// choose where its clients sit).
import { describe, expect, it } from 'vitest';
import {
  ipv4LoopbackUrl,
  isLoopbackUrl,
  labLoadOrigins,
  originSpread,
  originsRefusal,
} from '../../src/drill/load-origins.js';
import { startLoad } from '../../src/drill/load.js';
import { parseDrill } from '../../src/drill/parse.js';

const drill = (origins: string) => `
title: t
load:
  rate: 10
  origins: ${origins}
method:
  - type: action
    name: pause
    provider: { type: wait, duration: 1s }
`;

describe('load.origins in a drill file', () => {
  it('takes known origins whose shares sum to 1', () => {
    const parsed = parseDrill(drill('{"us-west-2": 0.7, "us-east-1": 0.3}'));
    expect(parsed.issues).toEqual([]);
    expect(parsed.drill?.load?.origins).toEqual({ 'us-west-2': 0.7, 'us-east-1': 0.3 });
    expect(parseDrill(drill('{"us-east-1": 1}')).issues).toEqual([]);
  });

  it.each([
    [
      '{"us-west-2": 0.7, "eu-west-1": 0.3}',
      '$.load.origins.eu-west-1',
      0.3,
      /an origin the lab knows: us-west-2 \(source 127\.0\.0\.x\) or us-east-1 \(source 127\.0\.1\.x\); rename or remove "eu-west-1"/,
    ],
    [
      '{"us-west-2": 0.7, "us-east-1": 0.2}',
      '$.load.origins',
      { 'us-west-2': 0.7, 'us-east-1': 0.2 },
      /shares that sum to 1 \(these sum to 0\.9\), e\.g\. \{"us-west-2": 0\.7, "us-east-1": 0\.3\}/,
    ],
    ['{"us-west-2": 1.5}', '$.load.origins.us-west-2', 1.5, /a share from 0 to 1/],
    ['{"us-west-2": -0.5, "us-east-1": 1.5}', '$.load.origins.us-west-2', -0.5, /from 0 to 1/],
    ['{"us-west-2": "70%"}', '$.load.origins.us-west-2', '70%', /a number from 0 to 1/],
    ['{}', '$.load.origins', {}, /at least one origin/],
  ])('refuses %s, naming path, value and fix', (origins, path, value, expected) => {
    const { issues, drill: parsed } = parseDrill(drill(origins));
    expect(parsed).toBeUndefined();
    const issue = issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue!.value).toEqual(value);
    expect(issue!.expected).toMatch(expected);
  });
});

describe('spreading requests over origins', () => {
  it('gives each origin its share of every prefix of the requests, within one', () => {
    const next = originSpread(labLoadOrigins({ 'us-west-2': 0.7, 'us-east-1': 0.3 }));
    const counts: Record<string, number> = {};
    for (let n = 1; n <= 100; n++) {
      const origin = next()!;
      counts[origin.name] = (counts[origin.name] ?? 0) + 1;
      expect(Math.abs((counts['us-east-1'] ?? 0) - 0.3 * n)).toBeLessThanOrEqual(1);
    }
    expect(counts).toEqual({ 'us-west-2': 70, 'us-east-1': 30 });
    expect(originSpread([])()).toBeUndefined();
  });

  it('sends each request from its origin and records the origin in its sample', async () => {
    const from: (string | undefined)[] = [];
    const run = startLoad({
      url: 'http://127.0.0.1:1',
      mysfitIds: [],
      ratePerSecond: 200,
      origins: labLoadOrigins({ 'us-west-2': 0.5, 'us-east-1': 0.5 }),
      send: async (_url, request) => {
        from.push(request.localAddress);
        return { ok: true, status: 200, region: null, latencyMs: 1 };
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const samples = await run.stop();
    expect(samples.length).toBeGreaterThanOrEqual(4);
    expect(from.slice(0, 4)).toEqual(['127.0.0.1', '127.0.1.1', '127.0.0.1', '127.0.1.1']);
    expect(samples.slice(0, 2).map((s) => s.origin)).toEqual(['us-west-2', 'us-east-1']);
  });

  it("maps origins to the lab's source addresses", () => {
    expect(labLoadOrigins({ 'us-east-1': 0.25, 'us-west-2': 0.75 })).toEqual([
      { name: 'us-west-2', share: 0.75, localAddress: '127.0.0.1' },
      { name: 'us-east-1', share: 0.25, localAddress: '127.0.1.1' },
    ]);
  });
});

describe('origins against a target', () => {
  it('run on loopback (the lab) and are refused elsewhere (AWS), saying why and what to do', () => {
    for (const url of ['http://127.0.0.1:4581', 'http://localhost:4581', 'http://[::1]:4581'])
      expect(originsRefusal(url), url).toBeUndefined();
    const refusal = originsRefusal('http://a1234567890abcdef.awsglobalaccelerator.com');
    expect(refusal?.message).toMatch(
      /load\.origins .* http:\/\/a1234567890abcdef\.awsglobalaccelerator\.com: against AWS the tool cannot choose where its clients sit/,
    );
    expect(refusal?.hint).toMatch(/Remove load\.origins/);
    expect(isLoopbackUrl('http://10.0.0.1')).toBe(false);
  });

  it('send to 127.0.0.1 for localhost (an IPv4 source cannot reach ::1)', () => {
    expect(ipv4LoopbackUrl('http://localhost:4581')).toBe('http://127.0.0.1:4581');
    expect(ipv4LoopbackUrl('http://127.0.0.2:4581/')).toBe('http://127.0.0.2:4581/');
  });
});
