/**
 * The lab's X-Ray API (signing name `xray`, REST-JSON): routes each request by method and
 * path to its operation in the region of the request's credential scope. Operations X-Ray
 * has and the lab does not implement answer UnknownOperationException naming them. The
 * lab's throttling fault answers X-Ray's own ThrottledException (429). Behaviour: SPEC.md.
 */
import { AwsError, unknownOperation } from '../../protocol/aws-error.js';
import type { ComponentHealth, LabRequest, LabResponse } from '../../protocol/lab-request.js';
import type { AwsRequestContext, ServiceHandler } from '../../protocol/registry.js';
import {
  matchRestJsonRoute,
  parseRestJsonBody,
  restJsonError,
  restJsonResult,
  type RestJsonRoute,
} from '../../protocol/rest-json.js';
import { throttledException } from './errors.js';
import { createGroup, deleteGroup, getGroup, getGroups, updateGroup } from './groups-api.js';
import { decodeXRayInput, type XRayInput, type XRayOperation } from './input.js';
import type { XRayRegion } from './region.js';
import {
  batchGetTraces,
  getServiceGraph,
  getTraceSummaries,
  putTraceSegments,
} from './traces-api.js';

type Operations = {
  [O in XRayOperation]: {
    path: string;
    run: (region: XRayRegion, input: XRayInput<O>) => Record<string, unknown>;
  };
};

const OPERATIONS: Operations = {
  GetServiceGraph: { path: '/ServiceGraph', run: getServiceGraph },
  GetTraceSummaries: { path: '/TraceSummaries', run: getTraceSummaries },
  BatchGetTraces: { path: '/Traces', run: batchGetTraces },
  PutTraceSegments: { path: '/TraceSegments', run: putTraceSegments },
  CreateGroup: { path: '/CreateGroup', run: (r, i) => createGroup(r.groups, i) },
  GetGroups: { path: '/Groups', run: (r) => getGroups(r.groups) },
  GetGroup: { path: '/GetGroup', run: (r, i) => getGroup(r.groups, i) },
  UpdateGroup: { path: '/UpdateGroup', run: (r, i) => updateGroup(r.groups, i) },
  DeleteGroup: { path: '/DeleteGroup', run: (r, i) => deleteGroup(r.groups, i) },
};

// The rest of X-Ray's API (2016-04-12), by path, so a client gets a clear answer.
const NOT_IMPLEMENTED: Record<string, string> = {
  '/CancelTraceRetrieval': 'CancelTraceRetrieval',
  '/CreateSamplingRule': 'CreateSamplingRule',
  '/DeleteResourcePolicy': 'DeleteResourcePolicy',
  '/DeleteSamplingRule': 'DeleteSamplingRule',
  '/EncryptionConfig': 'GetEncryptionConfig',
  '/GetIndexingRules': 'GetIndexingRules',
  '/Insight': 'GetInsight',
  '/InsightEvents': 'GetInsightEvents',
  '/InsightImpactGraph': 'GetInsightImpactGraph',
  '/InsightSummaries': 'GetInsightSummaries',
  '/GetRetrievedTracesGraph': 'GetRetrievedTracesGraph',
  '/GetSamplingRules': 'GetSamplingRules',
  '/SamplingStatisticSummaries': 'GetSamplingStatisticSummaries',
  '/SamplingTargets': 'GetSamplingTargets',
  '/TimeSeriesServiceStatistics': 'GetTimeSeriesServiceStatistics',
  '/TraceGraph': 'GetTraceGraph',
  '/GetTraceSegmentDestination': 'GetTraceSegmentDestination',
  '/ListResourcePolicies': 'ListResourcePolicies',
  '/ListRetrievedTraces': 'ListRetrievedTraces',
  '/ListTagsForResource': 'ListTagsForResource',
  '/PutEncryptionConfig': 'PutEncryptionConfig',
  '/PutResourcePolicy': 'PutResourcePolicy',
  '/TelemetryRecords': 'PutTelemetryRecords',
  '/StartTraceRetrieval': 'StartTraceRetrieval',
  '/TagResource': 'TagResource',
  '/UntagResource': 'UntagResource',
  '/UpdateIndexingRule': 'UpdateIndexingRule',
  '/UpdateSamplingRule': 'UpdateSamplingRule',
  '/UpdateTraceSegmentDestination': 'UpdateTraceSegmentDestination',
};

const ROUTES: RestJsonRoute[] = Object.entries(OPERATIONS).map(([operation, { path }]) => ({
  operation,
  method: 'POST',
  path,
}));

/** Creates the X-Ray handler over the regions' state. */
export function createXRayHandler(regions: ReadonlyMap<string, XRayRegion>): ServiceHandler {
  return {
    displayName: 'X-Ray',
    async handle({ request, region }: AwsRequestContext): Promise<LabResponse> {
      const missing = NOT_IMPLEMENTED[request.url.pathname];
      if (missing !== undefined) {
        throw unknownOperation(
          `The mysfits-dr lab does not implement the X-Ray operation ${missing}.`,
        );
      }
      const name = matchRestJsonRoute(request, ROUTES) as XRayOperation;
      const state = regions.get(region);
      if (!state) throw unknownOperation(`X-Ray is not set up in ${region} in this lab.`);
      const input = decodeXRayInput(name, parseRestJsonBody(request.body));
      const run = OPERATIONS[name].run as (
        region: XRayRegion,
        input: unknown,
      ) => Record<string, unknown>;
      const output = run(state, input);
      return restJsonResult(output, request.requestId);
    },
    errorResponse(error: AwsError, request: LabRequest): LabResponse {
      const answer =
        error.code === 'ThrottlingException' ? throttledException(error.message) : error;
      return restJsonError(answer, request.requestId);
    },
    async health(): Promise<Record<string, ComponentHealth>> {
      const components: Record<string, ComponentHealth> = {};
      for (const [name, state] of regions) {
        const { held, dropped } = state.store.stats();
        const { accepted, rejected } = state.daemon.stats();
        components[`xray-daemon:${name}`] = {
          healthy: true,
          detail: `${held} traces held (${dropped} aged out); ${accepted} segments received, ${rejected} refused`,
          url: `udp://${state.daemon.address}`,
        };
      }
      return components;
    },
  };
}
