/**
 * The lab's ECS API (signing name `ecs`): awsJson1_1 with `X-Amz-Target:
 * AmazonEC2ContainerServiceV20141113.<Operation>`, answered from the state of the region the
 * request is signed for. Operations outside operations.ts get UnknownOperationException
 * naming the ones the lab implements. Behaviour: SPEC.md.
 */
import { type AwsError, unknownOperation } from '../../protocol/aws-error.js';
import {
  type JsonProtocol,
  jsonError,
  jsonResult,
  parseJsonBody,
  readJsonTarget,
} from '../../protocol/aws-json.js';
import type { ComponentHealth, LabRequest, LabResponse } from '../../protocol/lab-request.js';
import type { AwsRequestContext, ServiceHandler } from '../../protocol/registry.js';
import { ECS_OPERATIONS, type EcsOperationContext } from './operations.js';

/** ECS's JSON target prefix. */
export const ECS_TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113';

/** ECS's wire protocol: JSON 1.1, errors in the `com.amazonaws.ecs` namespace, no checksum. */
export const ECS_PROTOCOL: JsonProtocol = {
  version: '1.1',
  namespace: 'com.amazonaws.ecs',
  crc32: false,
};

/** What the ECS handler needs from the rest of the lab's ECS. */
export interface EcsHandlerOptions {
  /** The state and scheduler a request signed for `region` works on. */
  context(region: string): EcsOperationContext;
  health(): Record<string, ComponentHealth>;
  close(): Promise<void>;
}

/** Creates the ECS service handler. */
export function createEcsHandler(options: EcsHandlerOptions): ServiceHandler {
  return {
    displayName: 'ECS',
    targetPrefixes: [ECS_TARGET_PREFIX],
    async handle({ request, region }: AwsRequestContext): Promise<LabResponse> {
      const target = readJsonTarget(request.headers);
      if (request.method !== 'POST' || target?.prefix !== ECS_TARGET_PREFIX) {
        throw unknownOperation();
      }
      const operation = Object.hasOwn(ECS_OPERATIONS, target.operation)
        ? ECS_OPERATIONS[target.operation]
        : undefined;
      if (!operation) {
        throw unknownOperation(
          `The mysfits-dr lab does not implement the ECS operation ${target.operation}. It implements: ${Object.keys(ECS_OPERATIONS).join(', ')}.`,
        );
      }
      const result = operation(options.context(region), parseJsonBody(request.body));
      return jsonResult(result, request.requestId, ECS_PROTOCOL);
    },
    errorResponse(error: AwsError, request: LabRequest): LabResponse {
      return jsonError(error, request.requestId, ECS_PROTOCOL);
    },
    async health() {
      return options.health();
    },
    close: () => options.close(),
  };
}
