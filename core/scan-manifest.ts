/**
 * The ingest contract's `manifest` part: what a scanner station declares alongside the images.
 * Binding for stations and external clients (see README, "Ingest contract").
 */
import { z } from 'zod';
import { isValidContainerId } from './container-id.js';

export const CARGO_CATEGORIES = ['produce', 'frozen_seafood', 'electronics', 'general', 'empty'] as const;
export type CargoCategory = (typeof CARGO_CATEGORIES)[number];

export const declarationSchema = z.object({
  declarationId: z.string().min(1).max(64),
  hsCodes: z.array(z.string().regex(/^\d{4,10}$/, 'expected 4-10 digit HS code')).min(1).max(50),
  description: z.string().min(1).max(2000),
  grossWeightKg: z.number().nonnegative().max(100_000),
  category: z.enum(CARGO_CATEGORIES).optional(),
});

export const scanManifestSchema = z
  .object({
    scanId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1-64 characters of [A-Za-z0-9._-]'),
    containerId: z.string().refine(isValidContainerId, 'expected an ISO 6346 container id with a valid check digit'),
    stationId: z.string().min(1).max(64),
    scannedAt: z.iso.datetime({ offset: true }),
    pixelSizeMm: z.number().min(0.5).max(50).default(5),
    airValue: z.number().int().min(1).max(65535).default(60000),
    darkValue: z.number().int().min(0).max(65534).default(0),
    declaration: declarationSchema,
  })
  .refine((m) => m.darkValue < m.airValue, { path: ['darkValue'], message: 'expected darkValue below airValue' });

/** A manifest as sent by a station (defaults may be absent). */
export type ScanManifestInput = z.input<typeof scanManifestSchema>;
/** A validated manifest with defaults applied. */
export type ScanManifest = z.output<typeof scanManifestSchema>;
export type Declaration = z.output<typeof declarationSchema>;
