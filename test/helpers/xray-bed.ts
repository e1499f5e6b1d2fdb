/**
 * A test bed for the lab's X-Ray: a test lab (DynamoDB Local + lab endpoint) with the X-Ray
 * service on the real clock registered as `xray` and the workshop's groups seeded, plus SDK
 * clients destroyed with it.
 */
import { XRayClient } from '@aws-sdk/client-xray';
import { seedWorkshopXRay } from '../../src/lab/services/xray/seed.js';
import { createXRayService, type XRayService } from '../../src/lab/services/xray/service.js';
import { REGIONS, startTestLab, type TestLab, labClientConfig } from './lab.js';
import { clientPool } from './test-bed.js';

/** The X-Ray test bed. */
export interface XRayBed {
  lab: TestLab;
  xray: XRayService;
  /** A new client for a region (destroyed by stop). */
  client(region: string): XRayClient;
  stop(): Promise<void>;
}

/** Starts a test lab with X-Ray seeded and registered. */
export async function startXRayBed(): Promise<XRayBed> {
  const lab = await startTestLab();
  const xray = await createXRayService({
    regions: REGIONS,
    clock: { now: Date.now, scaled: (ms) => ms },
  });
  seedWorkshopXRay(xray, { regions: REGIONS });
  lab.server.registerService('xray', xray.handler);
  const clients = clientPool((region) => new XRayClient(labClientConfig(region, lab.url)));
  return {
    lab,
    xray,
    client: clients.client,
    async stop() {
      clients.destroyAll();
      await lab.stop();
    },
  };
}
