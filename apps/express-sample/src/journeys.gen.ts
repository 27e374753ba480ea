/**
 * Journey catalog pulled from Courier by `journeykit pull`: do not edit, regenerate.
 *
 *   Regenerate:   npx journeykit pull src/journeys.gen.ts
 *   Check in CI:  npx journeykit check src/journeys.gen.ts   (exit 1 with a diff when Courier's journeys changed)
 *
 * Made from the published version of each journey whose trigger is api-invoke: `data` is typed from
 * the trigger's JSON Schema (json-schema-to-typescript) and checked at run time by Ajv with Draft-07
 * and ajv-formats, as Courier checks it. Your project needs `ajv` and `ajv-formats` installed.
 * Left out (not started by the invoke API):
 *   - weekly-digest (Weekly digest): its trigger is segment, not api-invoke
 */
/* eslint-disable */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { defineJourneys, type StandardSchemaV1 } from '@journeykit/core';

/** The `data` of Order placed (`order-placed`). */
export interface OrderPlacedData {
  /**
  * @minItems 1
  */
  items: OrderPlacedDataItem[]
  order_id: string
  total_cents: number
  [k: string]: unknown
}
export interface OrderPlacedDataItem {
  price_cents: number
  quantity: number
  sku: string
  [k: string]: unknown
}

/** The `data` of Password reset (`password-reset`). */
export interface PasswordResetData {
  expires_at: string
  reset_url: string
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
        "definitions": {
          "item": {
            "properties": {
              "price_cents": {
                "minimum": 0,
                "type": "integer"
              },
              "quantity": {
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
              "quantity",
              "price_cents"
            ],
            "type": "object"
          }
        },
        "properties": {
          "items": {
            "items": {
              "$ref": "#/definitions/item"
            },
            "minItems": 1,
            "type": "array"
          },
          "order_id": {
            "type": "string"
          },
          "total_cents": {
            "minimum": 0,
            "type": "integer"
          }
        },
        "required": [
          "order_id",
          "total_cents",
          "items"
        ],
        "type": "object"
      }
    },
    {
      "key": "password-reset",
      "id": "password-reset",
      "name": "Password reset",
      "schema": {
        "properties": {
          "expires_at": {
            "format": "date-time",
            "type": "string"
          },
          "reset_url": {
            "format": "uri",
            "type": "string"
          }
        },
        "required": [
          "reset_url",
          "expires_at"
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
  "leftOut": [
    {
      "id": "weekly-digest",
      "name": "Weekly digest",
      "reason": "its trigger is segment, not api-invoke"
    }
  ]
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
  /** Password reset (template ID `password-reset`). */
  "password-reset": { data: draft07<PasswordResetData>(MANIFEST.journeys[1]!.schema as object) },
  /** Welcome (template ID `welcome`). */
  "welcome": { data: draft07<WelcomeData>(MANIFEST.journeys[2]!.schema as object) },
});
