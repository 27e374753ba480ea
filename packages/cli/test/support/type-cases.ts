/**
 * The generated module's types, one block per row of the README's converter table. Compiled by
 * `tsc --noEmit` next to a module pulled from {@link pullDefinitions}: each `@ts-expect-error` must
 * meet an error, and every other line must compile.
 */
export const TYPE_CASES = `import type { JourneysClient } from '@journeykit/core';
import type { KindConstData, RenewalData, ShippingData, WelcomeData, WithRefData, WithRefDataMoney, journeys } from './journeys.gen.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
declare const client: JourneysClient<typeof journeys>;
const user_id = 'u1';

// required: plan is required, referrer optional; data itself is required when any field is.
void client.invoke('welcome', { user_id, data: { plan: 'pro' } });
// @ts-expect-error plan is missing
void client.invoke('welcome', { user_id, data: { referrer: 'x' } });
// @ts-expect-error data is missing, and welcome requires plan
void client.invoke('welcome', { user_id });
void client.invoke('closed', { user_id });

// enum: a union of literals.
export const enumType: Equal<WelcomeData['plan'], 'free' | 'pro'> = true;
// @ts-expect-error gold is not in the enum
void client.invoke('welcome', { user_id, data: { plan: 'gold' } });

// const: a literal.
export const constType: Equal<KindConstData['kind'], 'order'> = true;
// @ts-expect-error refund is not the constant
void client.invoke('kind-const', { user_id, data: { kind: 'refund' } });

// format: date-time: a string.
export const dateTimeType: Equal<RenewalData['renews_at'], string> = true;
// @ts-expect-error a Date is not a string
void client.invoke('renewal', { user_id, data: { renews_at: new Date() } });

// nested objects and arrays: nested types, T[].
export const nestedType: Equal<ShippingData['address']['zip'], string> = true;
export const arrayType: Equal<ShippingData['items'], { sku: string; [k: string]: unknown }[]> = true;
void client.invoke('shipping', { user_id, data: { address: { zip: '1000' }, items: [{ sku: 'a' }] } });
// @ts-expect-error address.zip is missing
void client.invoke('shipping', { user_id, data: { address: {}, items: [] } });
// @ts-expect-error items[0].sku is missing
void client.invoke('shipping', { user_id, data: { address: { zip: '1' }, items: [{}] } });

// additionalProperties absent: an index signature, extra fields fine; false: no index signature, extra fields refused.
void client.invoke('welcome', { user_id, data: { plan: 'pro', extra: 1 } });
void client.invoke('closed', { user_id, data: { a: 'x' } });
// @ts-expect-error b is not a property of the closed object
void client.invoke('closed', { user_id, data: { a: 'x', b: 1 } });

// $ref: a named type, exported, prefixed with the journey's.
export const refType: Equal<WithRefData['total'], WithRefDataMoney> = true;
export const refAmount: Equal<WithRefDataMoney['amount'], number> = true;
// @ts-expect-error total.amount is missing
void client.invoke('with-ref', { user_id, data: { total: { currency: 'EUR' } } });

// no schema: data?: Record<string, unknown>.
void client.invoke('no-schema', { user_id });
void client.invoke('no-schema', { user_id, data: { anything: [1, 2], nested: { deep: true } } });
// @ts-expect-error data is an object, not a string
void client.invoke('no-schema', { user_id, data: 'text' });
`;
