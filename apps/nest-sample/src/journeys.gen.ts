/**
 * Journey catalog pulled from Courier by `journeykit pull`: do not edit, regenerate.
 *
 *   Regenerate:   npx journeykit pull src/journeys.gen.ts
 *   Check in CI:  npx journeykit check src/journeys.gen.ts   (exit 1 with a diff when Courier's journeys changed)
 *
 * Made from the published version of each journey whose trigger is api-invoke: `data` is typed from
 * the trigger's JSON Schema (json-schema-to-typescript) and checked at run time by Ajv with Draft-07
 * and ajv-formats, as Courier checks it. Your project needs `ajv` and `ajv-formats` installed.
 * Every published journey starts with an api-invoke trigger: none left out.
 */
/* eslint-disable */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { defineJourneys, type StandardSchemaV1 } from '@journeykit/core';

/** The `data` of Order placed (`order-placed`). */
export interface OrderPlacedData {
  items: {
    qty: number
    sku: string
    [k: string]: unknown
  }[]
  order_id: string
  total: number
  [k: string]: unknown
}

/** The `data` of Welcome (`welcome`). */
export interface WelcomeData {
  plan: ("free" | "pro")
  [k: string]: unknown
}

// journeykit:manifest (read by `journeykit check`; do not edit)
const MANIFEST = {
  "format": 1,
  "file": "src/journeys.gen.ts",
  "aliases": {},
  "journeys": [
    {
      "key": "order-placed",
      "id": "order-placed",
      "name": "Order placed",
      "schema": {
        "properties": {
          "items": {
            "items": {
              "properties": {
                "qty": {
                  "minimum": 1,
                  "type": "integer"
                },
                "sku": {
                  "minLength": 1,
                  "type": "string"
                }
              },
              "required": [
                "sku",
                "qty"
              ],
              "type": "object"
            },
            "type": "array"
          },
          "order_id": {
            "minLength": 1,
            "type": "string"
          },
          "total": {
            "minimum": 0,
            "type": "number"
          }
        },
        "required": [
          "order_id",
          "total",
          "items"
        ],
        "type": "object"
      }
    },
    {
      "key": "welcome",
      "id": "welcome",
      "name": "Welcome",
      "schema": {
        "properties": {
          "plan": {
            "enum": [
              "free",
              "pro"
            ]
          }
        },
        "required": [
          "plan"
        ],
        "type": "object"
      }
    }
  ],
  "leftOut": []
};
// journeykit:manifest-end

// Draft-07, as Courier validates the trigger's `data` (courier-node: "Validated at runtime by Ajv").
// Each schema is compiled on its first use, so importing the catalog costs nothing per journey.
type Addable = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: Addable }).default ?? addFormatsModule) as unknown as Addable;
let ajv: Ajv | undefined;

/** Ajv's JSON Pointer as a Standard Schema path: array indexes as numbers, keys as strings. */
function pathOf(value: unknown, pointer: string): PropertyKey[] {
  const path: PropertyKey[] = [];
  let at = value;
  for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const step = Array.isArray(at) ? Number(key) : key;
    path.push(step);
    at = at !== null && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[step] : undefined;
  }
  return path;
}

function issuesOf(validate: ValidateFunction, value: unknown): { message: string; path: PropertyKey[] }[] {
  return (validate.errors ?? []).map((e: ErrorObject) => {
    const path = pathOf(value, e.instancePath);
    if (e.keyword === 'required') return { message: 'is required', path: [...path, String(e.params.missingProperty)] };
    if (e.keyword === 'additionalProperties') return { message: 'is not allowed (additionalProperties: false)', path: [...path, String(e.params.additionalProperty)] };
    if (e.keyword === 'enum') return { message: `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`, path };
    return { message: e.message ?? e.keyword, path };
  });
}

/** A Standard Schema over a JSON Schema; a missing `data` is checked as `{}`, as Courier does. */
function draft07<T>(schema: object): StandardSchemaV1<T> {
  let validate: ValidateFunction | undefined;
  return {
    '~standard': {
      version: 1,
      vendor: 'journeykit-pull',
      validate(value: unknown) {
        ajv ??= addFormats(new Ajv({ allErrors: true, strict: false }));
        validate ??= ajv.compile(schema);
        const checked = value ?? {};
        return validate(checked) ? { value: value as T } : { issues: issuesOf(validate, checked) };
      },
    },
  };
}

/** The pulled journeys, by template ID (or the alias given with --alias): give it to JourneysClient, the adapters, the fakes. */
export const journeys = defineJourneys({
  /** Order placed (template ID `order-placed`). */
  "order-placed": { data: draft07<OrderPlacedData>(MANIFEST.journeys[0]!.schema as object) },
  /** Welcome (template ID `welcome`). */
  "welcome": { data: draft07<WelcomeData>(MANIFEST.journeys[1]!.schema as object) },
});
