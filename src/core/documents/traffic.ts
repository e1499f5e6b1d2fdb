/** The `traffic show` document: the traffic part of `status`, per region. */
import { z } from 'zod';
import { regionReportSchema, statusDocumentSchema } from '../status/schema.js';

/** One region: its dial, share and endpoints (as in `status`), and whether it can take all. */
export const trafficRegionSchema = regionReportSchema.shape.traffic.extend({
  name: z.string(),
  canTakeAllTraffic: regionReportSchema.shape.canTakeAllTraffic,
});

/** `traffic show --json`. */
export const trafficDocumentSchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('traffic'),
  accelerator: statusDocumentSchema.shape.accelerator,
  regions: z.array(trafficRegionSchema),
  /** The region receiving most new connections, null when unknown. */
  activeRegion: z.string().nullable(),
  warnings: z.array(z.string()),
});
