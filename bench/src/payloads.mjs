/**
 * Builds the `data` of an invoke request at a target JSON size. The shape is what an order
 * notification carries (an order with line items), so validators that walk every value see a
 * realistic number of fields: about one object of four fields per 100 bytes.
 */

/** Sizes of `data` in the matrix, by label. */
export const DATA_SIZES = /** @type {const} */ ({ '200B': 200, '10KB': 10 * 1024, '100KB': 100 * 1024 });

/**
 * @param {number} targetBytes size of JSON.stringify(data)
 * @returns {Record<string, unknown>}
 */
function buildData(targetBytes) {
  const data = { order_id: 'order-456', amount: 99.99, currency: 'EUR', items: /** @type {object[]} */ ([]) };
  let size = JSON.stringify(data).length;
  for (let i = 0; ; i++) {
    const item = { sku: `SKU-${String(i).padStart(6, '0')}`, name: `Line item number ${i}`, qty: (i % 5) + 1, price: 10 + (i % 90) / 4 };
    const itemSize = JSON.stringify(item).length + (data.items.length > 0 ? 1 : 0);
    if (size + itemSize > targetBytes && data.items.length > 0) break;
    data.items.push(item);
    size += itemSize;
  }
  // Top up with a short note so every size label is met to the byte.
  const room = targetBytes - size - ',"note":""'.length;
  return room > 0 ? { ...data, note: 'n'.repeat(room) } : data;
}

/**
 * The request every implementation sends: one user id and the data. Built once per process and
 * reused, as a service would reuse a template; each implementation serialises it on every call.
 * @param {number} targetBytes
 */
export function buildRequest(targetBytes) {
  return { user_id: 'user-123', data: buildData(targetBytes) };
}
