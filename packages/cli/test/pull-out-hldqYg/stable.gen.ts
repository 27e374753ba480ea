/**
 * Journey catalog pulled from Courier by `journeykit pull`: do not edit, regenerate.
 *
 *   Regenerate:   npx journeykit pull /work/wt-cifix/packages/cli/test/pull-out-hldqYg/stable.gen.ts --alias greeting=welcome
 *   Check in CI:  npx journeykit check /work/wt-cifix/packages/cli/test/pull-out-hldqYg/stable.gen.ts   (exit 1 with a diff when Courier's journeys changed)
 *
 * Made from the published version of each journey whose trigger is api-invoke: `data` is typed from
 * the trigger's JSON Schema (json-schema-to-typescript) and checked at run time by Ajv with Draft-07
 * and ajv-formats, as Courier checks it. Your project needs `ajv` and `ajv-formats` installed.
 * Left out (not started by the invoke API):
 *   - segment-digest (Segment digest): its trigger is segment, not api-invoke
 */
/* eslint-disable */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { defineJourneys, type StandardSchemaV1 } from '@journeykit/core';

/** The `data` of Closed object (`closed`). */
export interface ClosedData {
  a?: string
}

/** The `data` of Welcome (`welcome`). */
export interface GreetingData {
  plan: ("free" | "pro")
  referrer?: string
  [k: string]: unknown
}

/** The `data` of Const (`kind-const`). */
export interface KindConstData {
  kind: "order"
  [k: string]: unknown
}

/** The `data` of Renewal (Datetime field) (`renewal`). */
export interface RenewalData {
  renews_at: string
  [k: string]: unknown
}

/** The `data` of Shipping (`shipping`). */
export interface ShippingData {
  address: {
    city?: string
    zip: string
    [k: string]: unknown
  }
  items: {
    sku: string
    [k: string]: unknown
  }[]
  [k: string]: unknown
}

/** The `data` of With $ref (`with-ref`). */
export interface WithRefData {
  total: WithRefDataMoney
  [k: string]: unknown
}
export interface WithRefDataMoney {
  amount: number
  currency?: string
  [k: string]: unknown
}

// journeykit:manifest (read by `journeykit check`; do not edit)
const MANIFEST = {
  "format": 1,
  "file": "/work/wt-cifix/packages/cli/test/pull-out-hldqYg/stable.gen.ts",
  "aliases": {
    "greeting": "welcome"
  },
  "journeys": [
    {
      "key": "closed",
      "id": "closed",
      "name": "Closed object",
      "schema": {
        "additionalProperties": false,
        "properties": {
          "a": {
            "type": "string"
          }
        },
        "type": "object"
      }
    },
    {
      "key": "greeting",
      "id": "welcome",
      "name": "Welcome",
      "schema": {
        "properties": {
          "plan": {
            "enum": [
              "free",
              "pro"
            ]
          },
          "referrer": {
            "type": "string"
          }
        },
        "required": [
          "plan"
        ],
        "type": "object"
      }
    },
    {
      "key": "kind-const",
      "id": "kind-const",
      "name": "Const",
      "schema": {
        "properties": {
          "kind": {
            "const": "order"
          }
        },
        "required": [
          "kind"
        ],
        "type": "object"
      }
    },
    {
      "key": "no-schema",
      "id": "no-schema",
      "name": "No schema",
      "schema": null
    },
    {
      "key": "renewal",
      "id": "renewal",
      "name": "Renewal (Datetime field)",
      "schema": {
        "properties": {
          "renews_at": {
            "format": "date-time",
            "type": "string"
          }
        },
        "required": [
          "renews_at"
        ],
        "type": "object"
      }
    },
    {
      "key": "shipping",
      "id": "shipping",
      "name": "Shipping",
      "schema": {
        "properties": {
          "address": {
            "properties": {
              "city": {
                "type": "string"
              },
              "zip": {
                "type": "string"
              }
            },
            "required": [
              "zip"
            ],
            "type": "object"
          },
          "items": {
            "items": {
              "properties": {
                "sku": {
                  "type": "string"
                }
              },
              "required": [
                "sku"
              ],
              "type": "object"
            },
            "type": "array"
          }
        },
        "required": [
          "address",
          "items"
        ],
        "type": "object"
      }
    },
    {
      "key": "with-ref",
      "id": "with-ref",
      "name": "With $ref",
      "schema": {
        "definitions": {
          "money": {
            "properties": {
              "amount": {
                "type": "number"
              },
              "currency": {
                "type": "string"
              }
            },
            "required": [
              "amount"
            ],
            "type": "object"
          }
        },
        "properties": {
          "total": {
            "$ref": "#/definitions/money"
          }
        },
        "required": [
          "total"
        ],
        "type": "object"
      }
    }
  ],
  "leftOut": [
    {
      "id": "segment-digest",
      "name": "Segment digest",
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
  /** Closed object (template ID `closed`). */
  "closed": { data: draft07<ClosedData | undefined>(MANIFEST.journeys[0]!.schema as object) },
  /** Welcome (template ID `welcome`). */
  "greeting": { data: draft07<GreetingData>(MANIFEST.journeys[1]!.schema as object) },
  /** Const (template ID `kind-const`). */
  "kind-const": { data: draft07<KindConstData>(MANIFEST.journeys[2]!.schema as object) },
  /** No schema (template ID `no-schema`). Its trigger has no schema: `data` is any object. */
  "no-schema": {},
  /** Renewal (Datetime field) (template ID `renewal`). */
  "renewal": { data: draft07<RenewalData>(MANIFEST.journeys[4]!.schema as object) },
  /** Shipping (template ID `shipping`). */
  "shipping": { data: draft07<ShippingData>(MANIFEST.journeys[5]!.schema as object) },
  /** With $ref (template ID `with-ref`). */
  "with-ref": { data: draft07<WithRefData>(MANIFEST.journeys[6]!.schema as object) },
});
