import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, getJson, getOptional, loginUrl, postJson, setCsrf, setUnauthorizedHandler } from '../src/lib/api';

interface Call { url: string; init: RequestInit }
let calls: Call[] = [];
let answer: () => Response = () => new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });

beforeEach(() => {
  calls = [];
  (globalThis as { fetch: unknown }).fetch = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return answer();
  };
});

const json = (status: number, body: unknown, type = 'application/json') => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

test('GET is same-origin with the cookie and no CSRF header; POST carries the CSRF token', async () => {
  setCsrf('tok-123');
  answer = json(200, { ok: true });
  assert.deepEqual(await getJson('/ui/api/session'), { ok: true });
  const get = calls[0]!.init;
  assert.equal(get.credentials, 'same-origin');
  assert.equal((get.headers as Record<string, string>)['X-CSRF-Token'], undefined);
  await postJson('/ui/api/rca/rca', { tenant: 'demo' });
  const post = calls[1]!.init;
  assert.equal(post.method, 'POST');
  assert.equal((post.headers as Record<string, string>)['X-CSRF-Token'], 'tok-123');
  assert.equal(post.body, '{"tenant":"demo"}');
});

test('a problem answer becomes an error with its title and detail', async () => {
  answer = json(400, { title: 'Bad Request', status: 400, detail: 'from must be before to' }, 'application/problem+json');
  await assert.rejects(getJson('/ui/api/core/x'), (e: unknown) => e instanceof ApiError && e.status === 400 && e.title === 'Bad Request' && e.detail === 'from must be before to');
  answer = () => new Response('<html>oops</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html' } });
  await assert.rejects(getJson('/ui/api/core/x'), (e: unknown) => e instanceof ApiError && e.status === 502 && e.title === 'Bad Gateway' && e.detail === '');
});

test('401 goes to the login page; 403 is a refusal error', async () => {
  let sent = 0;
  setUnauthorizedHandler(() => sent++);
  answer = json(401, { title: 'Unauthorized' });
  await assert.rejects(getJson('/ui/api/session'), (e: unknown) => e instanceof ApiError && e.status === 401);
  assert.equal(sent, 1);
  answer = json(403, { title: 'Forbidden', detail: 'the caller may not access this tenant' });
  await assert.rejects(getJson('/ui/api/core/tenants/b/services'), (e: unknown) => e instanceof ApiError && e.status === 403);
});

test('an allowed status answers null (an endpoint this build lacks)', async () => {
  answer = json(404, { title: 'Not Found' });
  assert.equal(await getOptional('/ui/api/core/tenants/demo/privacy/redactions', [404]), null);
  await assert.rejects(getJson('/ui/api/core/tenants/demo/privacy/redactions'));
});

test('only /ui/api/ paths are fetched', async () => {
  await assert.rejects(getJson('https://example.com/x'), /same-origin/);
  await assert.rejects(getJson('//example.com/ui/api/x'), /same-origin/);
  assert.equal(calls.length, 0);
});

test('the login URL keeps a same-origin return path only', () => {
  assert.equal(loginUrl('/traces?tenant=a'), '/login?next=%2Ftraces%3Ftenant%3Da');
  assert.equal(loginUrl('//evil.example'), '/login?next=%2Ffindings');
});
