// Where commands take the application's address from the config: dnsName first, then the
// first static IP (IPv6 bracketed), on the listener's port (left out when 80).
import { describe, expect, it } from 'vitest';
import { configuredAppUrl } from '../../src/cli/ops/app-url.js';
import { labConfig } from '../../src/config/lab-config.js';
import { parseConfig } from '../../src/config/loader.js';

function configWith(accelerator: Record<string, unknown>) {
  const raw = labConfig() as { accelerator: Record<string, unknown> };
  const { dnsName: _d, staticIps: _s, listenerPort: _p, ...rest } = raw.accelerator;
  return parseConfig({ ...raw, accelerator: { ...rest, ...accelerator } }, 'test');
}

describe('configuredAppUrl', () => {
  it.each([
    [
      { dnsName: 'a1234567890abcdef.awsglobalaccelerator.com', staticIps: ['75.2.60.1'] },
      {
        url: 'http://a1234567890abcdef.awsglobalaccelerator.com',
        source: 'config accelerator.dnsName',
      },
    ],
    [
      { staticIps: ['75.2.60.1', '99.83.190.2'], listenerPort: 8080 },
      { url: 'http://75.2.60.1:8080', source: 'config accelerator.staticIps' },
    ],
    [
      { staticIps: ['2600:9000:a400::1'] },
      { url: 'http://[2600:9000:a400::1]', source: 'config accelerator.staticIps' },
    ],
    [
      { dnsName: 'localhost', listenerPort: 4581 },
      { url: 'http://localhost:4581', source: 'config accelerator.dnsName' },
    ],
  ])('%j → %j', (accelerator, expected) => {
    expect(configuredAppUrl(configWith(accelerator))).toEqual(expected);
  });

  it('gives nothing when the config holds no address (the API is asked then)', () => {
    expect(configuredAppUrl(configWith({}))).toBeUndefined();
  });
});
