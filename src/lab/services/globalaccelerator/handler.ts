/**
 * The lab's Global Accelerator API (signing name `globalaccelerator`, awsJson1_1). As on
 * AWS, only the us-west-2 endpoint exists: a request signed for any other region gets its
 * connection reset, the nearest a single loopback endpoint comes to a host that does not
 * exist (see SPEC.md). Operations: the read operations the CLI uses, UpdateEndpointGroup, and
 * ListTagsForResource; everything else is UnknownOperationException.
 */
import { AwsError, unknownOperation } from '../../protocol/aws-error.js';
import { jsonResult, parseJsonBody, readJsonTarget } from '../../protocol/aws-json.js';
import {
  abortResponse,
  type ComponentHealth,
  type LabRequest,
  type LabResponse,
} from '../../protocol/lab-request.js';
import type { AwsRequestContext, ServiceHandler } from '../../protocol/registry.js';
import type { AcceleratorEndpointHealth } from '../../dataplane/accelerator-health.js';
import type { LoadBalancerDirectory } from '../../dataplane/contracts.js';
import {
  acceleratorErrorResponse,
  acceleratorNotFound,
  endpointGroupNotFound,
  GLOBAL_ACCELERATOR_API_REGION,
  GLOBAL_ACCELERATOR_PREFIX,
  GLOBAL_ACCELERATOR_PROTOCOL,
  listenerNotFound,
} from './errors.js';
import {
  ACCELERATOR_INPUT,
  type AcceleratorInput,
  type AcceleratorOperation,
  acceleratorPage,
  decodeAcceleratorInput,
} from './input.js';
import { acceleratorShape, endpointGroupShape, listenerShape } from './shapes.js';
import type { AcceleratorRecord, AcceleratorStore, EndpointGroupConfig } from './store.js';
import { applyEndpointGroupUpdate } from './update-endpoint-group.js';

/** What the handler needs. */
export interface AcceleratorHandlerOptions {
  store: AcceleratorStore;
  directory: LoadBalancerDirectory;
  /** Current health of an endpoint of a group. */
  health: (endpointGroupArn: string, endpointId: string) => AcceleratorEndpointHealth;
  /** Components for `GET /_lab/health`. */
  components: () => Record<string, ComponentHealth>;
  close: () => Promise<void>;
}

/** The operations the lab implements. */
export const ACCELERATOR_OPERATIONS = Object.keys(ACCELERATOR_INPUT) as AcceleratorOperation[];

type Operations = { [O in AcceleratorOperation]: (input: AcceleratorInput<O>) => unknown };

/** A List* answer: one page of `items` under `key`, with the next page's token. */
function listAnswer<T>(
  key: string,
  items: readonly T[],
  input: { MaxResults?: number; NextToken?: string },
  shape: (item: T) => unknown,
): Record<string, unknown> {
  const page = acceleratorPage(items, input);
  return {
    [key]: page.items.map(shape),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}

/** Creates the Global Accelerator service handler. */
export function createAcceleratorHandler(options: AcceleratorHandlerOptions): ServiceHandler {
  const { store } = options;

  const accelerator = (arn: string) => {
    const record = store.accelerator(arn);
    if (!record) throw acceleratorNotFound(arn);
    return record;
  };
  const listener = (arn: string) => {
    const found = store.listener(arn);
    if (!found) throw listenerNotFound(arn);
    return found;
  };
  const endpointGroup = (arn: string) => {
    const group = store.endpointGroup(arn);
    if (!group) throw endpointGroupNotFound(arn);
    return group;
  };
  const accShape = (record: AcceleratorRecord) =>
    acceleratorShape(record, store.status(record.acceleratorArn));
  const groupShape = (group: EndpointGroupConfig) =>
    endpointGroupShape(group, (id) => options.health(group.endpointGroupArn, id));

  const operations: Operations = {
    ListAccelerators: (input) => listAnswer('Accelerators', store.accelerators(), input, accShape),
    DescribeAccelerator: (input) => ({ Accelerator: accShape(accelerator(input.AcceleratorArn)) }),
    ListListeners(input) {
      const record = accelerator(input.AcceleratorArn);
      return listAnswer('Listeners', store.listeners(record.acceleratorArn), input, listenerShape);
    },
    DescribeListener: (input) => ({ Listener: listenerShape(listener(input.ListenerArn)) }),
    ListEndpointGroups(input) {
      const found = listener(input.ListenerArn);
      return listAnswer(
        'EndpointGroups',
        store.endpointGroups(found.listenerArn),
        input,
        groupShape,
      );
    },
    DescribeEndpointGroup: (input) => ({
      EndpointGroup: groupShape(endpointGroup(input.EndpointGroupArn)),
    }),
    UpdateEndpointGroup(input) {
      const group = endpointGroup(input.EndpointGroupArn);
      const found = listener(group.listenerArn);
      const next = applyEndpointGroupUpdate(input, group, found, options.directory);
      return { EndpointGroup: groupShape(store.updateEndpointGroup(next)) };
    },
    ListTagsForResource(input) {
      accelerator(input.ResourceArn);
      return { Tags: [] };
    },
  };

  return {
    displayName: 'Global Accelerator',
    targetPrefixes: [GLOBAL_ACCELERATOR_PREFIX],
    async handle({ request, region }: AwsRequestContext): Promise<LabResponse> {
      if (region !== GLOBAL_ACCELERATOR_API_REGION) return abortResponse('reset');
      const target = readJsonTarget(request.headers);
      if (request.method !== 'POST' || target?.prefix !== GLOBAL_ACCELERATOR_PREFIX) {
        throw unknownOperation();
      }
      const name = target.operation as AcceleratorOperation;
      if (!Object.hasOwn(operations, name)) {
        throw unknownOperation(
          `The mysfits-dr lab does not implement the Global Accelerator operation ${target.operation}. Implemented: ${ACCELERATOR_OPERATIONS.join(', ')}.`,
        );
      }
      const input = decodeAcceleratorInput(name, parseJsonBody(request.body));
      const result = (operations[name] as (input: unknown) => unknown)(input);
      return jsonResult(result, request.requestId, GLOBAL_ACCELERATOR_PROTOCOL);
    },
    errorResponse(error: AwsError, request: LabRequest): LabResponse {
      return acceleratorErrorResponse(error, request.requestId);
    },
    async health() {
      return options.components();
    },
    close: () => options.close(),
  };
}
