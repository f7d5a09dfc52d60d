'use strict';
// The estate's synthetic business data: products, users, sessions, stock. Deterministic per seed,
// and free of personal data by construction (names are generated labels).

const { createHash } = require('node:crypto');
const { rng } = require('./rng');

const PRODUCTS = 60;
const USERS = 200;
const CATEGORIES = Object.freeze(['books', 'garden', 'kitchen', 'music', 'outdoor', 'toys']);
const COUNTRIES = Object.freeze(['CH', 'DE', 'FR', 'GB', 'JP', 'US']);
const COUNTRY_CURRENCY = Object.freeze({ CH: 'CHF', DE: 'EUR', FR: 'EUR', GB: 'GBP', JP: 'JPY', US: 'USD' });
const RATES = Object.freeze({ USD: 1, EUR: 0.92, GBP: 0.79, CHF: 0.88, JPY: 151.2 });
const MAX_DOCS = 5000;

const categoryOf = (uid) => CATEGORIES[uid % CATEGORIES.length];
const countryOf = (uid) => COUNTRIES[(uid * 7) % COUNTRIES.length];
const currencyOfCountry = (c) => COUNTRY_CURRENCY[c];
const currencyOf = (uid) => currencyOfCountry(countryOf(uid));
const basePrice = (id) => Math.round((4.5 + ((id * 37) % 97) * 1.7) * 100) / 100;
/** Stock never runs dry for long: the warehouse refills a low shelf. */
const restock = (n) => (n < 5 ? n + 100 : n);

/** The bearer token of a lab user (a label, not a secret; only its hash is stored or logged). */
const sessionToken = (uid) => `lab-session-${uid}`;
const sessionHash = (token) => createHash('sha256').update(token).digest('hex').slice(0, 24);

/** The db service's documents. */
function seedStore(seed) {
  const r = rng(seed);
  const collections = new Map();
  const col = (name) => {
    if (!collections.has(name)) collections.set(name, new Map());
    return collections.get(name);
  };
  for (let id = 1; id <= PRODUCTS; id++) {
    col('products').set(String(id), { id, name: `item-${id}`, category: CATEGORIES[id % CATEGORIES.length] });
    col('stock').set(String(id), { available: r.int(20, 200) });
  }
  for (let uid = 1; uid <= USERS; uid++) {
    col('users').set(String(uid), { name: `user-${uid}`, country: countryOf(uid), since: Date.now() - r.int(2, 2000) * 864e5 });
    col('prefs').set(String(uid), { favouriteCategory: r.pick(CATEGORIES), channel: r.pick(['email', 'sms', 'push']) });
    col('sessions').set(sessionHash(sessionToken(uid)), { userId: uid });
  }
  let version = 0;
  return {
    get: (c, id) => collections.get(c)?.get(id),
    put: (c, id, doc) => {
      const m = col(c);
      m.delete(id);
      m.set(id, doc ?? null);
      if (m.size > MAX_DOCS) m.delete(m.keys().next().value);
      return ++version;
    },
    /** Full scan with an equality filter: the cost grows with the collection, as a scan does. */
    query: (c, field, equals, limit) => {
      const m = collections.get(c);
      const docs = [];
      let scanned = 0;
      if (m) {
        for (const doc of m.values()) {
          scanned++;
          if (doc && doc[field] === equals) {
            docs.push(doc);
            if (docs.length >= limit) break;
          }
        }
      }
      return { docs, scanned };
    },
  };
}

module.exports = {
  PRODUCTS,
  USERS,
  CATEGORIES,
  COUNTRIES,
  RATES,
  categoryOf,
  countryOf,
  currencyOf,
  currencyOfCountry,
  basePrice,
  restock,
  sessionToken,
  sessionHash,
  seedStore,
};
