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
import { type Input, paginate, requiredString } from './input.js';
import { acceleratorShape, endpointGroupShape, listenerShape } from './shapes.js';
import type { AcceleratorStore } from './store.js';
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
export const ACCELERATOR_OPERATIONS = [
  'ListAccelerators',
  'DescribeAccelerator',
  'ListListeners',
  'DescribeListener',
  'ListEndpointGroups',
  'DescribeEndpointGroup',
  'UpdateEndpointGroup',
  'ListTagsForResource',
] as const;

type Operation = (typeof ACCELERATOR_OPERATIONS)[number];

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
  const groupShape = (group: Parameters<typeof endpointGroupShape>[0]) =>
    endpointGroupShape(group, (id) => options.health(group.endpointGroupArn, id));

  const operations: Record<Operation, (input: Input) => unknown> = {
    ListAccelerators(input) {
      const page = paginate(input, store.accelerators());
      return {
        Accelerators: page.items.map((a) => acceleratorShape(a, store.status(a.acceleratorArn))),
        ...(page.nextToken ? { NextToken: page.nextToken } : {}),
      };
    },
    DescribeAccelerator(input) {
      const record = accelerator(requiredString(input, 'AcceleratorArn'));
      return { Accelerator: acceleratorShape(record, store.status(record.acceleratorArn)) };
    },
    ListListeners(input) {
      const record = accelerator(requiredString(input, 'AcceleratorArn'));
      const page = paginate(input, store.listeners(record.acceleratorArn));
      return {
        Listeners: page.items.map(listenerShape),
        ...(page.nextToken ? { NextToken: page.nextToken } : {}),
      };
    },
    DescribeListener(input) {
      return { Listener: listenerShape(listener(requiredString(input, 'ListenerArn'))) };
    },
    ListEndpointGroups(input) {
      const found = listener(requiredString(input, 'ListenerArn'));
      const page = paginate(input, store.endpointGroups(found.listenerArn));
      return {
        EndpointGroups: page.items.map(groupShape),
        ...(page.nextToken ? { NextToken: page.nextToken } : {}),
      };
    },
    DescribeEndpointGroup(input) {
      const arn = requiredString(input, 'EndpointGroupArn');
      const group = store.endpointGroup(arn);
      if (!group) throw endpointGroupNotFound(arn);
      return { EndpointGroup: groupShape(group) };
    },
    UpdateEndpointGroup(input) {
      const arn = requiredString(input, 'EndpointGroupArn');
      const group = store.endpointGroup(arn);
      if (!group) throw endpointGroupNotFound(arn);
      const next = applyEndpointGroupUpdate(
        input,
        group,
        listener(group.listenerArn),
        options.directory,
      );
      return { EndpointGroup: groupShape(store.updateEndpointGroup(next)) };
    },
    ListTagsForResource(input) {
      accelerator(requiredString(input, 'ResourceArn', 1011));
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
      const operation = operations[target.operation as Operation];
      if (!Object.hasOwn(operations, target.operation) || !operation) {
        throw unknownOperation(
          `The mysfits-dr lab does not implement the Global Accelerator operation ${target.operation}. Implemented: ${ACCELERATOR_OPERATIONS.join(', ')}.`,
        );
      }
      const result = operation(parseJsonBody(request.body));
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
