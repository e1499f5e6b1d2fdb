/**
 * Turns the accelerator's routed flows into the metrics Global Accelerator publishes
 * (docs.aws.amazon.com/global-accelerator/latest/dg/cloudwatch-monitoring.html): namespace
 * `AWS/GlobalAccelerator`, always in us-west-2, `NewFlowCount` (one per new TCP connection),
 * `ProcessedBytesIn` (client → endpoint) and `ProcessedBytesOut` (endpoint → client), each under
 * the dimension sets AWS lists for them: Accelerator; Accelerator + Listener; Accelerator +
 * Listener + EndpointGroup; Accelerator + SourceRegion; Accelerator + DestinationEdge;
 * Accelerator + TransportProtocol; Accelerator + AcceleratorIPAddress.
 */
import type { MetricDimension } from './store.js';

/** Where Global Accelerator publishes its metrics, whatever the endpoints' regions. */
export const ACCELERATOR_METRICS_REGION = 'us-west-2';

/** The namespace of the accelerator's metrics. */
export const ACCELERATOR_NAMESPACE = 'AWS/GlobalAccelerator';

/** A routed flow, as the metrics need it (the accelerator proxy's connection event). */
export interface AcceleratorFlowSample {
  acceleratorArn: string;
  listenerArn: string;
  endpointGroupRegion: string;
  /** The client's origin: the lab's name for where the client sits (a region's name). */
  origin: string;
  /** The static IP the client connected to. */
  acceleratorAddress: string;
}

/** One value to add to a metric. */
export interface AcceleratorDatapoint {
  metricName: 'NewFlowCount' | 'ProcessedBytesIn' | 'ProcessedBytesOut';
  dimensions: MetricDimension[];
  unit: 'Count' | 'Bytes';
  value: number;
}

/**
 * AWS's geographic areas for SourceRegion (the endpoints' area) and DestinationEdge (the edge
 * serving the client): `NA` United States and Canada, `EU`, `AP`, `KR`, `IN`, `AU`, `ME`, `SA`,
 * `ZA`. The lab knows only regions of North America; anything else reads as its prefix's area.
 */
export function geographicArea(region: string): string {
  if (region.startsWith('us-') || region.startsWith('ca-')) return 'NA';
  if (region === 'ap-northeast-2') return 'KR';
  if (region.startsWith('ap-south-')) return 'IN';
  if (region.startsWith('ap-southeast-2') || region.startsWith('ap-southeast-4')) return 'AU';
  if (region.startsWith('af-')) return 'ZA';
  const prefix = region.split('-')[0]!.toUpperCase();
  return ['EU', 'ME', 'SA', 'AP'].includes(prefix) ? prefix : 'NA';
}

/** The last part of an ARN (`accelerator/<id>` → id, `…/listener/<id>` → id). */
function lastId(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** The dimension sets a flow is counted under, as AWS lists them for these three metrics. */
export function acceleratorDimensionSets(flow: AcceleratorFlowSample): MetricDimension[][] {
  const accelerator = { Name: 'Accelerator', Value: lastId(flow.acceleratorArn) };
  const listener = { Name: 'Listener', Value: lastId(flow.listenerArn) };
  return [
    [accelerator],
    [accelerator, listener],
    [accelerator, listener, { Name: 'EndpointGroup', Value: flow.endpointGroupRegion }],
    [accelerator, { Name: 'SourceRegion', Value: geographicArea(flow.endpointGroupRegion) }],
    [accelerator, { Name: 'DestinationEdge', Value: geographicArea(flow.origin) }],
    [accelerator, { Name: 'TransportProtocol', Value: 'TCP' }],
    [accelerator, { Name: 'AcceleratorIPAddress', Value: flow.acceleratorAddress }],
  ];
}

/** The datapoints of one new flow (NewFlowCount 1 under every dimension set). */
export function newFlowDatapoints(flow: AcceleratorFlowSample): AcceleratorDatapoint[] {
  return acceleratorDimensionSets(flow).map((dimensions) => ({
    metricName: 'NewFlowCount',
    dimensions,
    unit: 'Count',
    value: 1,
  }));
}

/** The datapoints of bytes a flow carried: `in` from the client, `out` to it. */
export function processedBytesDatapoints(
  flow: AcceleratorFlowSample,
  direction: 'in' | 'out',
  bytes: number,
): AcceleratorDatapoint[] {
  const metricName = direction === 'in' ? 'ProcessedBytesIn' : 'ProcessedBytesOut';
  return acceleratorDimensionSets(flow).map((dimensions) => ({
    metricName,
    dimensions,
    unit: 'Bytes',
    value: bytes,
  }));
}
