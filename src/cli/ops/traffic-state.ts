/**
 * The live traffic state in words, for the end of every operation and for its errors:
 * each region's dial (when the accelerator's API answers) and routing switch.
 */
import type { Config } from '../../config/schema.js';
import type { ControlStore } from '../../core/ops/control-store.js';
import type { PortFactory } from '../../core/ports.js';

/** `dials us-west-2 0%, us-east-1 100%; routing switch: all in` (unreadable parts say so). */
export async function describeTrafficState(
  config: Config,
  ports: PortFactory,
  store: ControlStore,
): Promise<string> {
  const accelerator = ports.accelerator();
  const dials = await Promise.all(
    config.regions.map(async (r) => {
      try {
        return `${r.name} ${(await accelerator.describeEndpointGroup(r.endpointGroupArn)).trafficDialPercentage}%`;
      } catch {
        return `${r.name} unknown`;
      }
    }),
  );
  const switches = await Promise.all(
    config.regions.map(async (r) => {
      // Its own region's replica first (of the control table, or of the app's table).
      const readers = [...store.regions].sort(
        (a, b) => Number(b.name === r.name) - Number(a.name === r.name),
      );
      for (const reader of readers) {
        try {
          const item = await reader.dynamodb.getItem(store.table, {
            [store.hashKey]: store.ids.routing(r.name),
          });
          return { region: r.name, state: String(item?.RoutingState ?? 'in') };
        } catch {
          // try the next region's replica
        }
      }
      return { region: r.name, state: 'unknown' };
    }),
  );
  const out = switches.filter((s) => s.state !== 'in');
  const switchText = out.length
    ? out.map((s) => `${s.region} ${s.state.toUpperCase()}`).join(', ')
    : 'all regions in';
  return `dials ${dials.join(', ')}; routing switch: ${switchText}`;
}
