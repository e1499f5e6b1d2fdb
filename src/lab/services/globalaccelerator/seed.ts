/**
 * Seeds the accelerator as it stands after the workshop's Lab 4: `mm-global-accelerator`,
 * one TCP listener (on the proxy's port, which stands in for port 80), client affinity NONE,
 * and one endpoint group per region (traffic dial 100, AWS's default health-check settings)
 * holding that region's ALB with weight 128. Deployed at once; endpoints start INITIAL until
 * their first health check. Idempotent.
 */
import {
  LAB_ACCELERATOR,
  LAB_ACCELERATOR_ADDRESS,
  LAB_REGIONS,
  type LabRegion,
  labLoadBalancerArn,
} from '../../topology.js';
import type { AcceleratorService } from './service.js';
import { DEFAULT_WEIGHT } from './update-endpoint-group.js';

/** Host name of the accelerator (resolves to the loopback address everywhere). */
export const LAB_ACCELERATOR_DNS_NAME = LAB_ACCELERATOR_ADDRESS.dnsName;

function labRegion(region: string): LabRegion {
  if (!(LAB_REGIONS as readonly string[]).includes(region)) {
    throw new Error(
      `The workshop accelerator has endpoint groups only in ${LAB_REGIONS.join(', ')}, not ${region}.`,
    );
  }
  return region as LabRegion;
}

/** Creates the workshop's accelerator; false when it already exists. */
export function seedWorkshopAccelerator(
  ga: Pick<AcceleratorService, 'store' | 'proxy'>,
  options: { regions: readonly string[]; now?: number },
): boolean {
  const { store, proxy } = ga;
  if (store.accelerator(LAB_ACCELERATOR.arn)) return false;
  const now = options.now ?? Date.now();
  store.addAccelerator({
    acceleratorArn: LAB_ACCELERATOR.arn,
    name: LAB_ACCELERATOR.name,
    enabled: true,
    ipAddresses: [...proxy.addresses],
    dnsName: LAB_ACCELERATOR_DNS_NAME,
    createdTime: now,
    lastModifiedTime: now,
  });
  store.addListener({
    listenerArn: LAB_ACCELERATOR.listenerArn,
    acceleratorArn: LAB_ACCELERATOR.arn,
    portRanges: [{ fromPort: proxy.port, toPort: proxy.port }],
    protocol: 'TCP',
    clientAffinity: 'NONE',
  });
  for (const name of options.regions) {
    const region = labRegion(name);
    store.addEndpointGroup({
      endpointGroupArn: LAB_ACCELERATOR.endpointGroupArn(region),
      listenerArn: LAB_ACCELERATOR.listenerArn,
      region,
      trafficDial: 100,
      healthCheckPort: proxy.port,
      healthCheckProtocol: 'TCP',
      healthCheckPath: '/',
      healthCheckIntervalSeconds: 30,
      thresholdCount: 3,
      portOverrides: [],
      endpoints: [
        {
          endpointId: labLoadBalancerArn(region),
          weight: DEFAULT_WEIGHT,
          clientIpPreservation: true,
        },
      ],
    });
  }
  return true;
}
