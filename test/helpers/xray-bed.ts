/**
 * A test bed for the lab's X-Ray: a test lab (DynamoDB Local + lab endpoint) with the X-Ray
 * service on the real clock registered as `xray` and the workshop's groups seeded, plus SDK
 * clients destroyed with it.
 */
import { XRayClient } from '@aws-sdk/client-xray';
import { seedWorkshopXRay } from '../../src/lab/services/xray/seed.js';
import { createXRayService, type XRayService } from '../../src/lab/services/xray/service.js';
import { REGIONS } from './lab.js';
import { type ServiceBed, startServiceBed } from './test-bed.js';

/** The X-Ray test bed (`service` is the lab's X-Ray). */
export type XRayBed = ServiceBed<XRayService, XRayClient>;

/** Starts a test lab with X-Ray seeded and registered. */
export function startXRayBed(): Promise<XRayBed> {
  return startServiceBed(
    'xray',
    async () => {
      const xray = await createXRayService({
        regions: REGIONS,
        clock: { now: Date.now, scaled: (ms) => ms },
      });
      seedWorkshopXRay(xray, { regions: REGIONS });
      return xray;
    },
    XRayClient,
  );
}
