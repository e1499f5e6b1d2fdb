/**
 * `mysfits-dr schema [document]`: the published `--json` documents. Without a name it lists
 * them; with one it prints that document's JSON Schema (draft 2020-12). Needs no config file
 * and no AWS; zod and the schemas load only when the command runs.
 */
import type { Command } from 'commander';
import { EXIT_CODES } from '../../core/errors.js';
import type { Context } from '../context.js';
import type { ActionResult, CommandRegistrar } from '../program.js';

/** Options of `schema`. */
export interface SchemaOptions {
  /** The document whose JSON Schema to print; absent: list the documents. */
  document?: string;
}

/** Lists the documents, or prints one's JSON Schema; an unknown name is a usage error. */
export async function runSchema(ctx: Context, opts: SchemaOptions): Promise<ActionResult> {
  const { DOCUMENTS, DOCUMENT_NAMES, isDocumentName, documentJsonSchema } = await import(
    '../../core/documents/registry.js'
  );
  if (opts.document === undefined) {
    const documents = DOCUMENT_NAMES.map((name) => ({
      name,
      description: DOCUMENTS[name].description,
    }));
    ctx.io.document({ schemaVersion: 1, kind: 'schema-list', documents });
    const width = Math.max(...DOCUMENT_NAMES.map((n) => n.length));
    ctx.io.result(
      [
        ...documents.map((d) => `${d.name.padEnd(width)}  ${d.description}`),
        '',
        'print one as JSON Schema with: mysfits-dr schema <document>',
      ].join('\n'),
    );
    return EXIT_CODES.ok;
  }
  if (!isDocumentName(opts.document)) {
    const { usageError } = await import('../../core/errors.js');
    throw usageError(
      'UNKNOWN_DOCUMENT',
      `schema ${opts.document}: no such document`,
      `Valid documents: ${DOCUMENT_NAMES.join(', ')} (list them with \`mysfits-dr schema\`).`,
    );
  }
  const schema = documentJsonSchema(opts.document);
  // The schema is the result in both modes: one JSON document.
  ctx.io.document(schema);
  ctx.io.result(JSON.stringify(schema, null, 2));
  return EXIT_CODES.ok;
}

/** Registers `schema [document]`. */
export const registerSchema: CommandRegistrar = (program: Command, run) => {
  program
    .command('schema [document]')
    .description('list the --json documents, or print one as JSON Schema (a contract for scripts)')
    .action(run((ctx, document: string | undefined) => runSchema(ctx, { document })));
};
