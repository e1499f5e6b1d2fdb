/**
 * Checks a lab operation's declared input shape (src/lab/protocol/shapes.ts) against the
 * operation's input shape in AWS's model: every member the lab reads exists in the model
 * with the same type, the same required members, the same enum values, and the same
 * limits wherever the lab states one (a limit the lab leaves out is one it does not check).
 */
import type { Shape } from '../../src/lab/protocol/shapes.js';
import { type ApiModel, FLOAT, INTEGER, type Problems } from './lab-protocol-models.js';

const same = (a: readonly string[], b: readonly string[]) =>
  [...a].sort().join(',') === [...b].sort().join(',');

function checkLimits(
  model: { min?: number; max?: number },
  lab: { min?: number; max?: number },
  path: string,
  out: Problems,
): void {
  for (const key of ['min', 'max'] as const)
    if (lab[key] !== undefined && lab[key] !== model[key])
      out.push(`${path}: ${key} ${lab[key]} in the lab, ${model[key]} in the model`);
}

function leafType(shape: Shape): string {
  if (typeof shape === 'string') return shape;
  if ('string' in shape || 'enum' in shape) return 'string';
  if ('number' in shape) return shape.number.integer ? 'integer' : 'double';
  return 'list' in shape ? 'list' : 'map' in shape ? 'map' : 'structure';
}

function modelType(type: string): string {
  if (INTEGER.has(type)) return 'integer';
  return FLOAT.has(type) ? 'double' : type;
}

/** The problems of `lab` as the input shape `shapeName` of `model`. */
export function checkInputShape(
  model: ApiModel,
  shapeName: string,
  lab: Shape,
  path = '',
): Problems {
  const shape = model.shapes[shapeName]!;
  const name = path || shapeName;
  const type = leafType(lab);
  if (type !== modelType(shape.type))
    return [`${name}: ${type} in the lab, ${shape.type} in the model`];
  if (typeof lab === 'string') return [];
  const out: Problems = [];
  if ('string' in lab) checkLimits(shape, lab.string, name, out);
  if ('number' in lab) checkLimits(shape, lab.number, name, out);
  if ('enum' in lab && !same(lab.enum, shape.enum ?? []))
    out.push(`${name}: one of ${lab.enum.join(', ')} in the lab, ${shape.enum} in the model`);
  if ('list' in lab) {
    checkLimits(shape, { max: lab.max }, name, out);
    out.push(...checkInputShape(model, shape.member!.shape, lab.list, `${name}[]`));
  }
  if ('struct' in lab && !lab.open) {
    for (const [member, memberShape] of Object.entries(lab.struct)) {
      const modelMember = shape.members?.[member];
      if (!modelMember) out.push(`${name}.${member}: not a member of ${shapeName}`);
      else out.push(...checkInputShape(model, modelMember.shape, memberShape, `${name}.${member}`));
    }
    if (!same(lab.required ?? [], shape.required ?? []))
      out.push(
        `${name}: requires ${lab.required ?? []} in the lab, ${shape.required} in the model`,
      );
  }
  return out;
}
