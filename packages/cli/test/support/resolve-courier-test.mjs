// Preloaded (`node --import`) into the command under test: the name `courier.test` resolves to
// 127.0.0.1, so a plain-http base URL that is not loopback by its text still reaches the fake
// server on loopback. `.test` is reserved (RFC 6761): no real resolver answers it. Every other
// name goes to the real lookup.
import dns from 'node:dns';

const lookup = dns.lookup;
dns.lookup = function lookupCourierTest(hostname, options, callback) {
  if (hostname !== 'courier.test') return lookup.call(this, hostname, options, callback);
  const cb = typeof options === 'function' ? options : callback;
  const all = typeof options === 'object' && options !== null && options.all === true;
  process.nextTick(() => (all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)));
};
