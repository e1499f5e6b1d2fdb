/**
 * The documents about configuration and setup: `config validate`, `config show`, `init` and
 * `iam-policy`.
 */
import { z } from 'zod';
import { configSchema } from '../../config/schema.js';
import { issueSchema } from './drill.js';

/** `config validate`: the regions when valid, every problem when not. */
export const configValidationDocumentSchema = z.union([
  z.strictObject({
    valid: z.literal(true),
    file: z.string(),
    regions: z.array(z.string()),
    /** Present with `--live`: the deployment was read and matches. */
    live: z.literal(true).optional(),
  }),
  z.strictObject({
    valid: z.literal(false),
    file: z.string(),
    issues: z.array(issueSchema),
    /** Present with `--live`: the issues include the deployment's differences. */
    live: z.literal(true).optional(),
  }),
]);

/** `config show`: the config file with defaults applied (its own schema). */
export const configDocumentSchema = configSchema;

/** `init`: which file was written, from the lab's topology or the stacks' outputs. */
export const initDocumentSchema = z.strictObject({
  written: z.string(),
  source: z.enum(['lab', 'stacks']),
});

/** `iam-policy`: an IAM policy document, as `aws iam put-role-policy` takes it. */
export const iamPolicyDocumentSchema = z.strictObject({
  Version: z.literal('2012-10-17'),
  Statement: z.array(
    z.strictObject({
      Sid: z.string(),
      Effect: z.literal('Allow'),
      Action: z.array(z.string()),
      Resource: z.array(z.string()),
      /** Narrows the statement: the tool's own items (`dynamodb:LeadingKeys`), tagged templates. */
      Condition: z.record(z.string(), z.record(z.string(), z.array(z.string()))).optional(),
    }),
  ),
});
