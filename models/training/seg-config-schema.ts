/**
 * The shape of a conv-seg training config, checked after a recipe or an `--override` is merged
 * (`mergeConfig`), before any scan is generated. Every object is strict: a misspelt key at any depth
 * (`{"fit":{"hotestCellWeight":64}}`) would otherwise be carried along unread and train the recipe's model
 * under a new version number. Values that only make sense together (a schedule inside its steps, one
 * normalisation entry per input plane, a margin on a term that is there) are checked together.
 */
import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';
import { ANOMALY_KINDS } from '../../fixtures/generator/types.js';
import { SEG_INPUT_SETS, segChannelCount, type SegInputSet } from '../inference/seg-input.js';
import { OBJECT_SHAPES } from './anomaly-injection.js';
import type { SegTrainConfig } from './seg-train-config.js';

const count = z.number().int().min(1);
const index = z.number().int().min(0);
const positive = z.number().positive();
const nonNegative = z.number().min(0);
const share = z.number().min(0).max(1);
const kind = z.enum(ANOMALY_KINDS);
const pair = z.tuple([count, count]).readonly();
/** Optional keys: absent or null both mean "not used" (a recipe sets one to null to undo a later version's change). */
const unset = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

const INPUT_SETS = Object.keys(SEG_INPUT_SETS) as [SegInputSet, ...SegInputSet[]];

const segTrainConfigSchema = z.strictObject({
  name: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'expected a semantic version such as 1.9.0'),
  seed: z.number().int(),
  modelPixelMm: positive,
  ratioMinAttenuation: nonNegative,
  findingPValue: share,
  calibrationScans: count,
  validation: z.strictObject({ normalScans: count, anomalyKinds: z.array(kind).readonly(), scansPerKind: count, yellowPValue: share, redPValue: share }),
  geometry: z.strictObject({ cell: count, margin: index, windows: z.array(pair).readonly() }),
  layers: z.array(pair).readonly(),
  norm: z.strictObject({ set: z.enum(INPUT_SETS), mean: z.array(z.number()).readonly(), std: z.array(positive).readonly() }),
  deadRowRepair: z.boolean(),
  trainingScans: count,
  trainingAnomalies: z.strictObject({
    kinds: z.array(kind).readonly(),
    scansPerKind: count,
    scansOfKind: unset(z.partialRecord(kind, count).readonly()),
    minAddedAttenuation: unset(nonNegative),
  }),
  crops: z.strictObject({
    size: count,
    anomalyShare: share,
    injectedShare: share,
    hardShare: share,
    singleEnergyShare: share,
    minContrast: nonNegative,
    shapes: z.array(z.enum(OBJECT_SHAPES)).readonly(),
    sizeCm: z.tuple([positive, positive]).readonly().optional(),
    positiveWeight: positive,
  }),
  fit: z.strictObject({
    steps: count,
    batchSize: count,
    learningRate: positive,
    decaySteps: z.array(index).readonly(),
    decay: positive,
    mineAtSteps: z.array(index).readonly(),
    hardPerScan: count,
    twoThreadSteps: z.boolean(),
    average: unset(z.strictObject({ from: index, every: count })),
    focalGamma: unset(nonNegative),
    hottestCellWeight: unset(nonNegative),
    hottestCellMargin: unset(nonNegative),
    pairWeight: unset(nonNegative),
    pairMargin: unset(nonNegative),
  }),
}).superRefine((config, context) => {
  const refuse = (path: PropertyKey[], message: string) => context.addIssue({ code: 'custom', path, message });
  const { fit, norm, trainingAnomalies } = config;
  for (const key of ['decaySteps', 'mineAtSteps'] as const) {
    fit[key].forEach((step, i) => step >= fit.steps && refuse(['fit', key, i], `expected a step below fit.steps (${fit.steps})`));
  }
  if (fit.average && fit.average.from >= fit.steps) refuse(['fit', 'average', 'from'], `expected a step below fit.steps (${fit.steps})`);
  if (fit.hottestCellMargin && !fit.hottestCellWeight) refuse(['fit', 'hottestCellMargin'], 'expected fit.hottestCellWeight above 0 beside it (the margin belongs to that term)');
  if (fit.pairMargin && !fit.pairWeight) refuse(['fit', 'pairMargin'], 'expected fit.pairWeight above 0 beside it (the margin belongs to that term)');
  const planes = segChannelCount(norm.set);
  for (const key of ['mean', 'std'] as const) {
    if (norm[key].length !== planes) refuse(['norm', key], `expected ${planes} entries, one per input plane of ${norm.set}`);
  }
  for (const kind of Object.keys(trainingAnomalies.scansOfKind ?? {})) {
    if (!(trainingAnomalies.kinds as readonly string[]).includes(kind)) refuse(['trainingAnomalies', 'scansOfKind', kind], `expected a kind among trainingAnomalies.kinds (${trainingAnomalies.kinds.join(', ')})`);
  }
});

// The schema and the interface must describe the same thing: this fails to compile when a key, optional
// ones included, is in one only, or when their types differ.
type Parsed = z.infer<typeof segTrainConfigSchema>;
type KeyPaths<T> = T extends readonly unknown[] ? never
  : T extends object ? { [K in keyof T & string]-?: K | `${K}.${KeyPaths<NonNullable<T[K]>>}` }[keyof T & string] : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const schemaMatchesConfig: Same<SegTrainConfig, Parsed> & Same<KeyPaths<SegTrainConfig>, KeyPaths<Parsed>> = true;
void schemaMatchesConfig;

/**
 * `config` when it has the shape of a conv-seg training config.
 * @throws ValidationError naming each offending key path, what was expected and what arrived.
 * @example checkSegConfig({ ...SEG_TRAIN_CONFIG, fit: { ...SEG_TRAIN_CONFIG.fit, hottestCellMargin: 6 } }) // throws: no hottestCellWeight
 */
export function checkSegConfig(config: unknown): SegTrainConfig {
  const parsed = segTrainConfigSchema.safeParse(config);
  if (parsed.success) return config as SegTrainConfig;
  throw new ValidationError(`Invalid conv-seg config: ${parsed.error.issues.map((issue) => describeIssue(issue, config)).join('; ')}`);
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const at = keyPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `unknown key "${key}"${at ? ` in ${at}` : ''}`).join('; ') + `; expected one of ${keysAt(issue.path).join(', ')}`;
  }
  const value = valueAt(input, issue.path);
  // zod's own message already says "received null" or "received undefined".
  return `${at}: ${issue.message}${value === undefined || value === null ? '' : ` (received ${JSON.stringify(value)})`}`;
}

/** The keys the schema allows in the object at `path` (optional ones included). */
function keysAt(path: readonly PropertyKey[]): string[] {
  const unwrap = (schema: z.ZodType): z.ZodType => (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodReadonly ? unwrap(schema.unwrap() as z.ZodType) : schema);
  let schema: z.ZodType = segTrainConfigSchema;
  for (const key of path) schema = (unwrap(schema) as z.ZodObject).shape[String(key)];
  const object = unwrap(schema);
  if (object instanceof z.ZodRecord) return [...(object.keyType as z.ZodEnum).options].map(String);
  return Object.keys((object as z.ZodObject).shape);
}

/** `fit.decaySteps[1]`, `trainingAnomalies.scansOfKind["false-wall"]`. */
function keyPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => {
    if (typeof key === 'number') return `[${key}]`;
    const name = String(key);
    if (/^[A-Za-z_$][\w$]*$/.test(name)) return i === 0 ? name : `.${name}`;
    return `[${JSON.stringify(name)}]`;
  }).join('');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}
