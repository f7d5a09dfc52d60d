'use strict';
// What each service does. Every answer carries `key`, the entity it answers for; callers pass the
// key they expect, so a wrong return (an answer for another entity) is noticed as an application
// would: a warning, one retry, then a 502 upstream.

const { trace, context, propagation, SpanKind, SpanStatusCode, ROOT_CONTEXT } = require('@opentelemetry/api');
const data = require('../lib/data');

const tracer = trace.getTracer('mirador-lab-estate');
const CURRENCIES = data.RATES;

const num = (v, name, lo, hi) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < lo || n > hi) {
    const e = new Error(`${name} must be an integer in [${lo}, ${hi}]`);
    e.status = 400;
    throw e;
  }
  return n;
};
const cur = (v) => {
  const c = v === undefined ? 'USD' : String(v);
  if (!Object.hasOwn(CURRENCIES, c)) {
    const e = new Error(`unknown currency (one of ${Object.keys(CURRENCIES).join(', ')})`);
    e.status = 400;
    throw e;
  }
  return c;
};
const q = (s) => encodeURIComponent(s);

/** Operation latency of the storage services: waits, not CPU (I/O as a real store has it). */
function storeWait(ctx, medianMs, spread) {
  const ms = ctx.dice.latency(medianMs, spread) + ctx.faults.dependencyDelayMs();
  return ctx.sleep(ms);
}

function unavailable(ctx) {
  return ctx.faults.dependencyFailsNow();
}

const SERVICES = {
  db(app, ctx) {
    const store = data.seedStore(Number(process.env.MIRADOR_LAB_SEED || '1'));
    const guard = async (res, median, spread) => {
      await storeWait(ctx, median, spread);
      if (unavailable(ctx)) {
        ctx.log.error('storage engine unavailable: too many connections');
        res.status(503).json({ error: 'storage engine unavailable: too many connections' });
        return false;
      }
      return true;
    };
    app.get('/docs/:collection/:id', async (req, res) => {
      if (!(await guard(res, 1.2, 0.35))) return;
      const key = `${req.params.collection}/${req.params.id}`;
      const doc = store.get(req.params.collection, req.params.id);
      if (doc === undefined) return res.status(404).json({ key, error: 'not found' });
      ctx.reply(res, 200, { key, doc });
    });
    app.put('/docs/:collection/:id', async (req, res) => {
      if (!(await guard(res, 3.0, 0.4))) return;
      const key = `${req.params.collection}/${req.params.id}`;
      const version = store.put(req.params.collection, req.params.id, req.body && req.body.doc);
      ctx.reply(res, 200, { key, version });
    });
    app.post('/query/:collection', async (req, res) => {
      const b = req.body || {};
      const limit = num(b.limit ?? 10, 'limit', 1, 100);
      const { docs, scanned } = store.query(req.params.collection, String(b.field), b.equals, limit);
      // A scan costs by what it reads.
      if (!(await guard(res, 2.5 + 0.01 * scanned, 0.3))) return;
      ctx.reply(res, 200, { key: `${req.params.collection}?${b.field}=${b.equals}`, docs });
    });
  },

  cache(app, ctx) {
    const entries = new Map();
    const MAX = 20000;
    const guard = async (res) => {
      await storeWait(ctx, 0.25, 0.3);
      if (unavailable(ctx)) {
        ctx.log.error('cache unavailable: connection reset');
        res.status(503).json({ error: 'cache unavailable' });
        return false;
      }
      return true;
    };
    app.get('/kv/:key', async (req, res) => {
      if (!(await guard(res))) return;
      const e = entries.get(req.params.key);
      if (!e || e.expires < Date.now()) {
        entries.delete(req.params.key);
        return res.status(404).json({ key: req.params.key, error: 'miss' });
      }
      ctx.reply(res, 200, { key: req.params.key, value: e.value });
    });
    app.put('/kv/:key', async (req, res) => {
      if (!(await guard(res))) return;
      const ttl = num(req.body?.ttlMs ?? 60000, 'ttlMs', 1, 3600000);
      entries.delete(req.params.key);
      entries.set(req.params.key, { value: req.body?.value ?? null, expires: Date.now() + ttl });
      if (entries.size > MAX) entries.delete(entries.keys().next().value);
      ctx.reply(res, 200, { key: req.params.key });
    });
    app.delete('/kv/:key', async (req, res) => {
      if (!(await guard(res))) return;
      entries.delete(req.params.key);
      ctx.reply(res, 200, { key: req.params.key });
    });
  },

  queue(app, ctx) {
    const topics = new Map();
    const waiting = new Map();
    const MAX_DEPTH = 10000;
    let seq = 0;
    const topic = (t) => {
      if (!topics.has(t)) topics.set(t, []);
      return topics.get(t);
    };
    app.post('/topics/:topic/messages', async (req, res) => {
      await storeWait(ctx, 0.8, 0.3);
      const t = topic(req.params.topic);
      if (unavailable(ctx) || t.length >= MAX_DEPTH) {
        ctx.log.error({ depth: t.length }, 'queue unavailable: publish refused');
        return res.status(503).json({ error: 'queue unavailable' });
      }
      const id = `m${++seq}`;
      t.push({ id, headers: req.body?.headers || {}, payload: req.body?.payload ?? null });
      const w = waiting.get(req.params.topic);
      if (w) {
        waiting.delete(req.params.topic);
        w();
      }
      ctx.reply(res, 201, { key: id, depth: t.length });
    });
    app.get('/topics/:topic/messages', async (req, res) => {
      const max = num(req.query.max ?? 10, 'max', 1, 100);
      const waitMs = num(req.query.waitMs ?? 0, 'waitMs', 0, 10000);
      const t = topic(req.params.topic);
      if (t.length === 0 && waitMs > 0) {
        await new Promise((r) => {
          const timer = setTimeout(r, waitMs);
          waiting.set(req.params.topic, () => {
            clearTimeout(timer);
            r();
          });
        });
      }
      await storeWait(ctx, 0.5, 0.3);
      res.json({ key: req.params.topic, messages: t.splice(0, max), depth: t.length });
    });
  },

  auth(app, ctx) {
    app.post('/sessions/verify', async (req, res) => {
      const token = String(req.body?.token || '');
      if (!token) throw new ctx.HttpError(401, 'missing token');
      const h = data.sessionHash(token);
      let userId = null;
      const cached = await ctx.call('cache', 'GET', `/kv/session:${h}`, undefined, { expectKey: `session:${h}` }).catch(() => null);
      if (cached && cached.status === 200) userId = cached.body.value;
      else {
        const r = await ctx.call('db', 'GET', `/docs/sessions/${h}`, undefined, { expectKey: `sessions/${h}` });
        if (r.status === 404) throw new ctx.HttpError(401, 'unknown session');
        userId = r.body.doc.userId;
        await ctx.call('cache', 'PUT', `/kv/session:${h}`, { value: userId, ttlMs: 60000 }, { retries: 0 }).catch(() => null);
      }
      ctx.reply(res, 200, { key: `session:${h}`, userId });
    });
  },

  gateway(app, ctx) {
    const verify = async (req) => {
      const m = /^Bearer ([A-Za-z0-9._-]{1,128})$/.exec(req.get('authorization') || '');
      if (!m) throw new ctx.HttpError(401, 'missing or malformed bearer token');
      const h = data.sessionHash(m[1]);
      const r = await ctx.call('auth', 'POST', '/sessions/verify', { token: m[1] }, { expectKey: `session:${h}` });
      if (r.status !== 200) throw new ctx.HttpError(401, 'session rejected');
      return r.body.userId;
    };
    const pass = (r) => {
      if (r.status >= 400) throw new ctx.HttpError(r.status, r.body?.error || `upstream ${r.status}`);
      return r.body;
    };
    app.get('/api/home', async (req, res) => {
      const uid = await verify(req);
      const [reco, list] = await Promise.all([
        ctx.call('recommendation', 'GET', `/recommendations/${uid}`, undefined, { expectKey: `reco:${uid}` }).then(pass),
        ctx.call('catalog', 'GET', `/products?category=${q(data.categoryOf(uid))}&limit=6`, undefined, { expectKey: `list:${data.categoryOf(uid)}` }).then(pass),
      ]);
      ctx.reply(res, 200, { key: `home:${uid}`, recommended: reco.items, products: list.items });
    });
    app.get('/api/products/:id', async (req, res) => {
      const uid = await verify(req);
      const id = num(req.params.id, 'product id', 1, data.PRODUCTS);
      const p = pass(await ctx.call('catalog', 'GET', `/products/${id}?currency=${data.currencyOf(uid)}`, undefined, { expectKey: `product:${id}` }));
      ctx.reply(res, 200, { ...p, key: `product:${id}` });
    });
    app.get('/api/cart', async (req, res) => {
      const uid = await verify(req);
      const c = pass(await ctx.call('cart', 'GET', `/carts/${uid}`, undefined, { expectKey: `cart:${uid}` }));
      ctx.reply(res, 200, c);
    });
    app.post('/api/cart/items', async (req, res) => {
      const uid = await verify(req);
      const productId = num(req.body?.productId, 'productId', 1, data.PRODUCTS);
      const qty = num(req.body?.qty ?? 1, 'qty', 1, 10);
      const c = pass(await ctx.call('cart', 'POST', `/carts/${uid}/items`, { productId, qty }, { expectKey: `cart:${uid}` }));
      ctx.reply(res, 200, c);
    });
    app.post('/api/checkout', async (req, res) => {
      const uid = await verify(req);
      const r = await ctx.call('orders', 'POST', '/orders', { userId: uid }, { retries: 0 });
      const o = pass(r);
      ctx.reply(res, 201, o);
    });
    app.get('/api/account', async (req, res) => {
      const uid = await verify(req);
      const [user, orders] = await Promise.all([
        ctx.call('user-profile', 'GET', `/users/${uid}`, undefined, { expectKey: `user:${uid}` }).then(pass),
        ctx.call('orders', 'GET', `/orders?user=${uid}`, undefined, { expectKey: `orders:${uid}` }).then(pass),
      ]);
      ctx.reply(res, 200, { key: `account:${uid}`, name: user.name, orders: orders.orders.length });
    });
  },

  frontend(app, ctx) {
    const fwd = (req) => ({ headers: { authorization: req.get('authorization') || '' } });
    const page = async (req, res, method, path, body, expectKey, status = 200) => {
      const r = await ctx.call('gateway', method, path, body, { ...fwd(req), expectKey, retries: method === 'GET' ? 1 : 0 });
      if (r.status >= 400) throw new ctx.HttpError(r.status, r.body?.error || `gateway ${r.status}`);
      ctx.reply(res, status, { ...r.body, key: r.body.key });
    };
    // The pages answer the gateway's JSON with the key the workload checks.
    app.get('/', (req, res) => page(req, res, 'GET', '/api/home', undefined, undefined));
    app.get('/product/:id', (req, res) => {
      const id = num(req.params.id, 'product id', 1, data.PRODUCTS);
      return page(req, res, 'GET', `/api/products/${id}`, undefined, `product:${id}`);
    });
    app.get('/cart', (req, res) => page(req, res, 'GET', '/api/cart', undefined, undefined));
    app.post('/cart/add', (req, res) => page(req, res, 'POST', '/api/cart/items', req.body, undefined));
    app.post('/checkout', (req, res) => page(req, res, 'POST', '/api/checkout', {}, undefined, 201));
    app.get('/account', (req, res) => page(req, res, 'GET', '/api/account', undefined, undefined));
  },

  catalog(app, ctx) {
    app.get('/products/:id', async (req, res) => {
      const id = num(req.params.id, 'product id', 1, data.PRODUCTS);
      const currency = cur(req.query.currency);
      let product = null;
      const c = await ctx.call('cache', 'GET', `/kv/product:${id}`, undefined, { expectKey: `product:${id}` }).catch(() => null);
      if (c && c.status === 200) product = c.body.value;
      else {
        const r = await ctx.call('db', 'GET', `/docs/products/${id}`, undefined, { expectKey: `products/${id}` });
        if (r.status === 404) throw new ctx.HttpError(404, 'no such product');
        product = r.body.doc;
        await ctx.call('cache', 'PUT', `/kv/product:${id}`, { value: product, ttlMs: 30000 }, { retries: 0 }).catch(() => null);
      }
      const [price, stock] = await Promise.all([
        ctx.call('pricing', 'GET', `/prices/${id}?currency=${currency}`, undefined, { expectKey: `price:${id}:${currency}` }),
        ctx.call('inventory', 'GET', `/stock/${id}`, undefined, { expectKey: `stock:${id}` }),
      ]);
      if (price.status !== 200 || stock.status !== 200) throw new ctx.HttpError(502, 'price or stock unavailable');
      ctx.reply(res, 200, { key: `product:${id}`, id, name: product.name, category: product.category, price: price.body.amount, currency, available: stock.body.available });
    });
    app.get('/products', async (req, res) => {
      const category = String(req.query.category || '');
      if (!data.CATEGORIES.includes(category)) throw new ctx.HttpError(400, 'unknown category');
      const limit = num(req.query.limit ?? 6, 'limit', 1, 20);
      const r = await ctx.call('db', 'POST', '/query/products', { field: 'category', equals: category, limit }, { expectKey: `products?category=${category}` });
      const items = r.body.docs.map((d) => ({ productId: d.id, qty: 1 }));
      const quote = await ctx.call('pricing', 'POST', '/quotes', { items, currency: 'USD' }, { expectKey: `quote:${items.length}:USD` });
      if (quote.status !== 200) throw new ctx.HttpError(502, 'prices unavailable');
      ctx.reply(res, 200, { key: `list:${category}`, items: r.body.docs.map((d) => ({ id: d.id, name: d.name })), total: quote.body.total });
    });
  },

  pricing(app, ctx) {
    const convert = async (amount, to) => {
      const r = await ctx.call('currency', 'GET', `/convert?to=${to}&amount=${amount}`, undefined, { expectKey: `convert:USD:${to}` });
      if (r.status !== 200) throw new ctx.HttpError(502, 'currency conversion failed');
      return r.body.amount;
    };
    app.get('/prices/:id', async (req, res) => {
      const id = num(req.params.id, 'product id', 1, data.PRODUCTS);
      const currency = cur(req.query.currency);
      const amount = await convert(data.basePrice(id), currency);
      ctx.reply(res, 200, { key: `price:${id}:${currency}`, amount, currency });
    });
    app.post('/quotes', async (req, res) => {
      const items = Array.isArray(req.body?.items) ? req.body.items.slice(0, 50) : [];
      const currency = cur(req.body?.currency);
      let usd = 0;
      for (const it of items) usd += data.basePrice(num(it.productId, 'productId', 1, data.PRODUCTS)) * num(it.qty ?? 1, 'qty', 1, 10);
      const discount = usd > 200 ? 0.05 : 0;
      const total = await convert(Math.round(usd * (1 - discount) * 100) / 100, currency);
      ctx.reply(res, 200, { key: `quote:${items.length}:${currency}`, total, currency, discount });
    });
  },

  currency(app, ctx) {
    app.get('/convert', async (req, res) => {
      const to = cur(req.query.to);
      const amount = Number(req.query.amount);
      if (!Number.isFinite(amount) || amount < 0 || amount > 1e9) throw new ctx.HttpError(400, 'amount must be a number in [0, 1e9]');
      let rate;
      const c = await ctx.call('cache', 'GET', `/kv/rate:${to}`, undefined, { expectKey: `rate:${to}` }).catch(() => null);
      if (c && c.status === 200) rate = c.body.value;
      else {
        rate = CURRENCIES[to];
        await ctx.call('cache', 'PUT', `/kv/rate:${to}`, { value: rate, ttlMs: 20000 }, { retries: 0 }).catch(() => null);
      }
      ctx.reply(res, 200, { key: `convert:USD:${to}`, amount: Math.round(amount * rate * 100) / 100, rate });
    });
  },

  inventory(app, ctx) {
    app.get('/stock/:id', async (req, res) => {
      const id = num(req.params.id, 'product id', 1, data.PRODUCTS);
      const r = await ctx.call('db', 'GET', `/docs/stock/${id}`, undefined, { expectKey: `stock/${id}` });
      ctx.reply(res, 200, { key: `stock:${id}`, available: r.status === 200 ? r.body.doc.available : 0 });
    });
    app.post('/reservations', async (req, res) => {
      const orderId = String(req.body?.orderId || '').slice(0, 64);
      const items = Array.isArray(req.body?.items) ? req.body.items.slice(0, 20) : [];
      for (const it of items) {
        const id = num(it.productId, 'productId', 1, data.PRODUCTS);
        const s = await ctx.call('db', 'GET', `/docs/stock/${id}`, undefined, { expectKey: `stock/${id}` });
        const available = s.status === 200 ? s.body.doc.available : 0;
        if (available < it.qty) throw new ctx.HttpError(409, `product ${id} out of stock`);
        await ctx.call('db', 'PUT', `/docs/stock/${id}`, { doc: { available: data.restock(available - it.qty) } }, { expectKey: `stock/${id}` });
      }
      ctx.reply(res, 201, { key: `reservation:${orderId}`, items: items.length });
    });
    app.post('/commits', async (req, res) => {
      const orderId = String(req.body?.orderId || '').slice(0, 64);
      await ctx.call('db', 'PUT', `/docs/reservations/${q(orderId)}`, { doc: { committed: true } }, { expectKey: `reservations/${orderId}` });
      ctx.reply(res, 200, { key: `commit:${orderId}` });
    });
  },

  cart(app, ctx) {
    const load = async (uid) => {
      const r = await ctx.call('cache', 'GET', `/kv/cart:${uid}`, undefined, { expectKey: `cart:${uid}` });
      return r.status === 200 ? r.body.value : [];
    };
    app.get('/carts/:uid', async (req, res) => {
      const uid = num(req.params.uid, 'user id', 1, data.USERS);
      ctx.reply(res, 200, { key: `cart:${uid}`, items: await load(uid) });
    });
    app.post('/carts/:uid/items', async (req, res) => {
      const uid = num(req.params.uid, 'user id', 1, data.USERS);
      const productId = num(req.body?.productId, 'productId', 1, data.PRODUCTS);
      const qty = num(req.body?.qty ?? 1, 'qty', 1, 10);
      const p = await ctx.call('catalog', 'GET', `/products/${productId}?currency=USD`, undefined, { expectKey: `product:${productId}` });
      if (p.status !== 200) throw new ctx.HttpError(p.status === 404 ? 404 : 502, 'product unavailable');
      const items = (await load(uid)).filter((i) => i.productId !== productId).concat([{ productId, qty }]).slice(-10);
      await ctx.call('cache', 'PUT', `/kv/cart:${uid}`, { value: items, ttlMs: 3600000 }, { expectKey: `cart:${uid}` });
      ctx.reply(res, 200, { key: `cart:${uid}`, items });
    });
    app.delete('/carts/:uid', async (req, res) => {
      const uid = num(req.params.uid, 'user id', 1, data.USERS);
      await ctx.call('cache', 'DELETE', `/kv/cart:${uid}`, undefined, { expectKey: `cart:${uid}` });
      ctx.reply(res, 200, { key: `cart:${uid}`, items: [] });
    });
  },

  recommendation(app, ctx) {
    app.get('/recommendations/:uid', async (req, res) => {
      const uid = num(req.params.uid, 'user id', 1, data.USERS);
      const p = await ctx.call('user-profile', 'GET', `/users/${uid}/preferences`, undefined, { expectKey: `prefs:${uid}` });
      const category = p.status === 200 ? p.body.favouriteCategory : data.CATEGORIES[0];
      const l = await ctx.call('catalog', 'GET', `/products?category=${q(category)}&limit=4`, undefined, { expectKey: `list:${category}` });
      if (l.status !== 200) throw new ctx.HttpError(502, 'catalog unavailable');
      ctx.reply(res, 200, { key: `reco:${uid}`, items: l.body.items });
    });
  },

  'user-profile'(app, ctx) {
    app.get('/users/:uid', async (req, res) => {
      const uid = num(req.params.uid, 'user id', 1, data.USERS);
      const r = await ctx.call('db', 'GET', `/docs/users/${uid}`, undefined, { expectKey: `users/${uid}` });
      if (r.status === 404) throw new ctx.HttpError(404, 'no such user');
      ctx.reply(res, 200, { key: `user:${uid}`, name: r.body.doc.name, country: r.body.doc.country, since: r.body.doc.since });
    });
    app.get('/users/:uid/preferences', async (req, res) => {
      const uid = num(req.params.uid, 'user id', 1, data.USERS);
      const r = await ctx.call('db', 'GET', `/docs/prefs/${uid}`, undefined, { expectKey: `prefs/${uid}` });
      if (r.status === 404) throw new ctx.HttpError(404, 'no preferences');
      ctx.reply(res, 200, { key: `prefs:${uid}`, ...r.body.doc });
    });
  },

  orders(app, ctx) {
    let seq = 0;
    app.post('/orders', async (req, res) => {
      const uid = num(req.body?.userId, 'userId', 1, data.USERS);
      const cart = await ctx.call('cart', 'GET', `/carts/${uid}`, undefined, { expectKey: `cart:${uid}` });
      const items = cart.status === 200 ? cart.body.items : [];
      if (items.length === 0) throw new ctx.HttpError(409, 'cart is empty');
      const currency = data.currencyOf(uid);
      const [quote, ship] = await Promise.all([
        ctx.call('pricing', 'POST', '/quotes', { items, currency }, { expectKey: `quote:${items.length}:${currency}` }),
        ctx.call('shipping', 'POST', '/quotes', { items, country: data.countryOf(uid) }, { expectKey: `shipquote:${data.countryOf(uid)}` }),
      ]);
      if (quote.status !== 200 || ship.status !== 200) throw new ctx.HttpError(502, 'quote failed');
      // The user id ends the order id, so a wrong return (another order) is visible to the user.
      const orderId = `o${process.pid}x${++seq}u${uid}`;
      const reserve = await ctx.call('inventory', 'POST', '/reservations', { orderId, items }, { expectKey: `reservation:${orderId}`, retries: 0 });
      if (reserve.status === 409) throw new ctx.HttpError(409, reserve.body?.error || 'out of stock');
      const amount = Math.round((quote.body.total + ship.body.amount) * 100) / 100;
      const charge = await ctx.call('payment', 'POST', '/charges', { orderId, userId: uid, amount, currency }, { expectKey: `charge:${orderId}`, retries: 0 });
      if (charge.status === 402) throw new ctx.HttpError(402, 'payment declined');
      await ctx.call('db', 'PUT', `/docs/orders/${orderId}`, { doc: { userId: uid, amount, currency, items: items.length, at: Date.now() } }, { expectKey: `orders/${orderId}` });
      await publish(ctx, 'orders', { event: 'order.created', orderId, userId: uid });
      await ctx.call('cart', 'DELETE', `/carts/${uid}`, undefined, { expectKey: `cart:${uid}` });
      ctx.log.info({ orderId, items: items.length }, 'order placed');
      ctx.reply(res, 201, { key: `order:${orderId}`, orderId, amount, currency });
    });
    app.get('/orders', async (req, res) => {
      const uid = num(req.query.user, 'user', 1, data.USERS);
      const r = await ctx.call('db', 'POST', '/query/orders', { field: 'userId', equals: uid, limit: 10 }, { expectKey: `orders?userId=${uid}` });
      ctx.reply(res, 200, { key: `orders:${uid}`, orders: r.body.docs.map((d) => ({ amount: d.amount, currency: d.currency })) });
    });
  },

  payment(app, ctx) {
    let seq = 0;
    app.post('/charges', async (req, res) => {
      const orderId = String(req.body?.orderId || '').slice(0, 64);
      const uid = num(req.body?.userId, 'userId', 1, data.USERS);
      const amount = Number(req.body?.amount);
      if (!orderId || !Number.isFinite(amount) || amount <= 0) throw new ctx.HttpError(400, 'orderId and a positive amount are required');
      const currency = cur(req.body?.currency);
      const conv = await ctx.call('currency', 'GET', `/convert?to=${currency}&amount=1`, undefined, { expectKey: `convert:USD:${currency}` });
      if (conv.status !== 200) throw new ctx.HttpError(502, 'currency conversion failed');
      const usd = Math.round((amount / conv.body.rate) * 100) / 100;
      const score = await ctx.call('fraud', 'POST', '/scores', { userId: uid, amount: usd }, { expectKey: `score:${uid}` });
      if (score.status !== 200) throw new ctx.HttpError(502, 'fraud scoring unavailable');
      if (score.body.decision === 'reject') {
        ctx.log.warn({ orderId }, 'charge declined by fraud scoring');
        return res.status(402).json({ key: `charge:${orderId}`, error: 'declined' });
      }
      const paymentId = `pay${process.pid}-${++seq}`;
      await ctx.call('db', 'PUT', `/docs/payments/${paymentId}`, { doc: { userId: uid, usd, orderId } }, { expectKey: `payments/${paymentId}` });
      ctx.log.info({ orderId, paymentId }, 'payment captured');
      ctx.reply(res, 201, { key: `charge:${orderId}`, paymentId, status: 'captured', usd });
    });
  },

  fraud(app, ctx) {
    app.post('/scores', async (req, res) => {
      const uid = num(req.body?.userId, 'userId', 1, data.USERS);
      const amount = Number(req.body?.amount) || 0;
      const [user, history] = await Promise.all([
        ctx.call('user-profile', 'GET', `/users/${uid}`, undefined, { expectKey: `user:${uid}` }),
        ctx.call('db', 'POST', '/query/payments', { field: 'userId', equals: uid, limit: 20 }, { expectKey: `payments?userId=${uid}` }),
      ]);
      if (user.status !== 200) throw new ctx.HttpError(502, 'user unavailable');
      const recent = history.body.docs.length;
      // USD amount; a declined charge is rare (a large basket from a busy account).
      const score = Math.min(1, amount / 2000 + recent / 40 + (Date.now() - user.body.since < 864e5 ? 0.3 : 0));
      ctx.reply(res, 200, { key: `score:${uid}`, score, decision: score > 0.9 ? 'reject' : 'accept' });
    });
  },

  shipping(app, ctx) {
    app.post('/quotes', async (req, res) => {
      const country = String(req.body?.country || '');
      if (!data.COUNTRIES.includes(country)) throw new ctx.HttpError(400, 'unknown country');
      const items = Array.isArray(req.body?.items) ? req.body.items.length : 0;
      const to = data.currencyOfCountry(country);
      const c = await ctx.call('currency', 'GET', `/convert?to=${to}&amount=${4.9 + items * 1.5}`, undefined, { expectKey: `convert:USD:${to}` });
      if (c.status !== 200) throw new ctx.HttpError(502, 'currency conversion failed');
      ctx.reply(res, 200, { key: `shipquote:${country}`, amount: c.body.amount });
    });
    app.post('/shipments', async (req, res) => {
      const orderId = String(req.body?.orderId || '').slice(0, 64);
      if (!orderId) throw new ctx.HttpError(400, 'orderId is required');
      await ctx.call('db', 'PUT', `/docs/shipments/${q(orderId)}`, { doc: { state: 'label-created' } }, { expectKey: `shipments/${orderId}` });
      ctx.reply(res, 201, { key: `shipment:${orderId}` });
    });
  },

  notification(app, ctx) {
    let seq = 0;
    app.post('/notifications', async (req, res) => {
      const uid = num(req.body?.userId, 'userId', 1, data.USERS);
      const orderId = String(req.body?.orderId || '').slice(0, 64);
      const p = await ctx.call('user-profile', 'GET', `/users/${uid}/preferences`, undefined, { expectKey: `prefs:${uid}` });
      const channel = p.status === 200 ? p.body.channel : 'email';
      const id = `n${process.pid}-${++seq}`;
      await ctx.call('db', 'PUT', `/docs/notifications/${id}`, { doc: { userId: uid, orderId, channel } }, { expectKey: `notifications/${id}` });
      ctx.reply(res, 201, { key: `notification:${orderId}`, channel });
    });
  },

  worker() {},
};

/** The producer side of the queue: a PRODUCER span whose context travels in the message. */
async function publish(ctx, topicName, payload) {
  return tracer.startActiveSpan(
    `${topicName} publish`,
    { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'mirador-lab-queue', 'messaging.destination.name': topicName, 'messaging.operation.type': 'send' } },
    async (span) => {
      try {
        const headers = {};
        propagation.inject(context.active(), headers);
        const r = await ctx.call('queue', 'POST', `/topics/${topicName}/messages`, { headers, payload });
        span.setAttribute('messaging.message.id', r.body.key);
        return r;
      } catch (e) {
        span.recordException(e);
        span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
        throw e;
      } finally {
        span.end();
      }
    },
  );
}

// The worker: long-polls the queue (untraced, as a broker fetch is) and processes each message in
// a CONSUMER span whose parent is the context the producer put in the message headers.
let polling = false;
function startWorker(ctx) {
  polling = true;
  const loop = async () => {
    while (polling) {
      let batch;
      try {
        const r = await ctx.call('queue', 'GET', '/topics/orders/messages?max=10&waitMs=2000', undefined, { headers: { 'x-lab-poll': '1' }, retries: 0, timeoutMs: 5000 });
        batch = r.body?.messages || [];
      } catch {
        await ctx.sleep(500);
        continue;
      }
      for (const m of batch) await consume(ctx, m);
    }
  };
  loop();
}

async function consume(ctx, m) {
  const parent = propagation.extract(ROOT_CONTEXT, m.headers || {});
  await tracer.startActiveSpan(
    'orders process',
    { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'mirador-lab-queue', 'messaging.destination.name': 'orders', 'messaging.operation.type': 'process', 'messaging.message.id': String(m.id) } },
    parent,
    async (span) => {
      try {
        if (ctx.faults.throwsNow()) throw new TypeError("Cannot read properties of undefined (reading 'orderId')");
        const { orderId, userId } = m.payload || {};
        await ctx.call('inventory', 'POST', '/commits', { orderId }, { expectKey: `commit:${orderId}` });
        await ctx.call('shipping', 'POST', '/shipments', { orderId }, { expectKey: `shipment:${orderId}` });
        await ctx.call('notification', 'POST', '/notifications', { userId, orderId }, { expectKey: `notification:${orderId}` });
        ctx.counters.requests++;
      } catch (e) {
        ctx.counters.errors++;
        ctx.log.error({ err: e, messageId: m.id }, `message processing failed: ${e.message}`);
        span.recordException(e);
        span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
      } finally {
        span.end();
      }
    },
  );
}

function register(name, app, ctx) {
  const s = SERVICES[name];
  if (!s) throw new Error(`unknown service ${name}`);
  s(app, ctx);
}

module.exports = {
  register,
  start: (name, ctx) => {
    if (name === 'worker') startWorker(ctx);
  },
  stop: () => {
    polling = false;
  },
};
