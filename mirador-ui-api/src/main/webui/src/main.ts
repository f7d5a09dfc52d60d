// The shell: session, header (navigation, tenant, time range, UTC/local, theme), routing.
import { ApiError, loadSession, logout, type Session } from './lib/api';
import { h, replace } from './lib/dom';
import { matchRoute, router, type Route } from './lib/router';
import { announce, errorPanel, loading } from './lib/ui';
import { applyTheme, themeToggle } from './lib/theme';
import {
  PRESETS, describeRange, freeze, parseInstant, fromInputValue, isUtc, rangeFromParams, rangeToParams, setUtc, toInputValue,
  type Preset, type TimeRange,
} from './lib/time';
import type { View, ViewContext } from './views/view';
import { findingsView } from './views/findings/view';
import { findingView } from './views/finding/view';
import { mapView } from './views/map/view';
import { serviceView } from './views/service/view';
import { tracesView } from './views/traces/view';
import { traceView } from './views/trace/view';
import { logsView } from './views/logs/view';
import { metricsView } from './views/metrics/view';
import { adminView } from './views/admin/view';

interface AppRoute extends Route {
  view: View;
  /** Whether the header's time range applies. */
  timed: boolean;
  /** The live range a timed page opens with when its URL names none. */
  defaultRange?: Preset;
  nav?: string;
}

const ROUTES: AppRoute[] = [
  { name: 'findings', pattern: /^\/findings\/?$/, view: findingsView, timed: true, nav: 'findings', defaultRange: '24h' },
  { name: 'finding', pattern: /^\/findings\/([^/]+)$/, view: findingView, timed: false, nav: 'findings' },
  { name: 'map', pattern: /^\/map\/?$/, view: mapView, timed: true, nav: 'map' },
  { name: 'service', pattern: /^\/services\/([^/]+)$/, view: serviceView, timed: true, nav: 'map' },
  { name: 'traces', pattern: /^\/traces\/?$/, view: tracesView, timed: true, nav: 'traces' },
  { name: 'trace', pattern: /^\/traces\/([^/]+)$/, view: traceView, timed: false, nav: 'traces' },
  { name: 'logs', pattern: /^\/logs\/?$/, view: logsView, timed: true, nav: 'logs' },
  { name: 'metrics', pattern: /^\/metrics\/?$/, view: metricsView, timed: true, nav: 'metrics' },
  { name: 'admin', pattern: /^\/admin\/(audit|agents|keys|tenants|privacy)\/?$/, view: adminView, timed: true, nav: 'admin' },
];

const NAV: [string, string, boolean][] = [
  ['findings', 'Findings', false],
  ['map', 'Service map', false],
  ['traces', 'Traces', false],
  ['logs', 'Logs', false],
  ['metrics', 'Metrics', false],
  ['admin', 'Admin', true],
];

// ---- preferences (display only: never a token) ------------------------------------------------

function storedPref(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function storePref(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // private mode: the preference lasts for this page only
  }
}

const prefs = {
  get: storedPref,
  set: (key: string, value: string) => storePref(key, value),
};
const systemDark = () => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;

// ---- the shell ------------------------------------------------------------------------------------

let session: Session | null = null;
let leave: (() => void)[] = [];
let controller: AbortController | null = null;
/** Relabels the header's theme toggle (after a change of the system's scheme). */
let relabelTheme: () => void = () => {};

const header = h('header', { class: 'topbar', role: 'banner' });
const main = h('main', { id: 'main', tabindex: -1 });
const live = h('div', { id: 'live', class: 'sr-only', role: 'status', 'aria-live': 'polite' });

function withQuery(mutate: (q: URLSearchParams) => void): string {
  const q = new URLSearchParams(location.search);
  mutate(q);
  const s = q.toString();
  return location.pathname + (s ? '?' + s : '');
}

function navLink(key: string, label: string, active: boolean, tenant: string, range: TimeRange): HTMLElement {
  const q = new URLSearchParams();
  if (tenant) q.set('tenant', tenant);
  if (key !== 'admin') rangeToParams(range, q);
  const path = key === 'admin' ? '/admin/audit' : `/${key}`;
  return h('li', null, h('a', { href: `${path}?${q}`, class: active ? 'active' : null, 'aria-current': active ? 'page' : null, 'data-testid': `nav-${key}` }, label));
}

function rangePicker(range: TimeRange): HTMLElement {
  const presets = h('div', { class: 'presets', role: 'group', 'aria-label': 'Relative time range' },
    PRESETS.map((p) => h('button', {
      type: 'button', class: range.kind === 'relative' && range.preset === p ? 'chip on' : 'chip',
      'aria-pressed': range.kind === 'relative' && range.preset === p ? 'true' : 'false',
      onclick: () => router.navigate(withQuery((q) => rangeToParams({ kind: 'relative', preset: p }, q))),
    }, p)));
  const now = Date.now();
  const abs = range.kind === 'absolute' ? range : freeze(range, now);
  if (abs.kind !== 'absolute') throw new Error('unreachable');
  const fromIn = h('input', { type: 'datetime-local', value: toInputValue(abs.from), 'aria-label': 'From', 'data-testid': 'range-from' });
  const toIn = h('input', { type: 'datetime-local', value: toInputValue(abs.to), 'aria-label': 'To', 'data-testid': 'range-to' });
  const apply = h('form', { class: 'absolute', onsubmit: (e: Event) => {
    e.preventDefault();
    const from = fromInputValue(fromIn.value);
    const to = fromInputValue(toIn.value);
    if (!(from < to)) {
      announce('The range needs a start before its end');
      fromIn.setCustomValidity('start must be before end');
      fromIn.reportValidity();
      return;
    }
    router.navigate(withQuery((q) => rangeToParams({ kind: 'absolute', from, to }, q)));
  } }, fromIn, h('span', { 'aria-hidden': 'true' }, '–'), toIn, h('button', { type: 'submit', class: 'chip' }, 'Apply'));
  const share = h('button', {
    type: 'button', class: 'chip', 'data-testid': 'freeze-range',
    title: 'Replace the live range by its absolute start and end, so the link shows the same data later',
    onclick: async () => {
      const frozen = freeze(range, Date.now());
      const url = withQuery((q) => rangeToParams(frozen, q));
      router.navigate(url, true);
      try {
        await navigator.clipboard?.writeText(location.origin + url);
        announce('Link with the absolute range copied');
      } catch {
        announce('Range frozen: copy the address bar to share');
      }
    },
  }, range.kind === 'relative' ? 'Freeze & copy link' : 'Copy link');
  return h('div', { class: 'range', role: 'group', 'aria-label': `Time range: ${describeRange(range)}` },
    h('span', { class: 'hint' }, 'Range'), presets, apply, h('span', { class: 'hint' }, isUtc() ? 'UTC' : 'local time'), share,
    range.kind === 'relative' ? h('span', { class: 'live-badge', title: 'The range follows the clock' }, 'live') : null,
    h('span', { class: 'range-text', 'data-testid': 'range-text' }, describeRange(range.kind === 'relative' ? freeze(range, now) : range)));
}

function renderHeader(route: AppRoute | null, tenant: string): void {
  const s = session!;
  const q = new URLSearchParams(location.search);
  const range = rangeFromParams(q);
  const tenantSelect = h('select', { 'aria-label': 'Tenant', 'data-testid': 'tenant-switcher', onchange: () => {
    const t = tenantSelect.value;
    // a detail page belongs to one tenant: switching goes to that tenant's list
    const list = route?.name === 'finding' ? '/findings' : route?.name === 'trace' ? '/traces' : location.pathname;
    const nq = new URLSearchParams(list === location.pathname ? location.search : '');
    nq.set('tenant', t);
    router.navigate(`${list}?${nq}`);
  } }, s.tenants.map((t) => h('option', { value: t, selected: t === tenant }, t)),
    tenant && !s.tenants.includes(tenant) ? h('option', { value: tenant, selected: true, disabled: true }, `${tenant} (not yours)`) : null);
  const tz = h('button', { type: 'button', class: 'chip', 'data-testid': 'tz-toggle', 'aria-pressed': isUtc() ? 'true' : 'false',
    title: 'Show times in UTC or in this browser\'s zone', onclick: () => {
      setUtc(!isUtc());
      storePref('mirador.tz', isUtc() ? 'utc' : 'local');
      render();
    } }, isUtc() ? 'UTC' : 'Local');
  // a theme switch is one attribute on <html>: the view stays as it is (no refetch, no rebuild)
  const toggle = themeToggle(document.documentElement, prefs, systemDark);
  relabelTheme = toggle.relabel;
  const theme = toggle.button;
  const out = h('button', { type: 'button', class: 'chip', 'data-testid': 'logout', onclick: async () => {
    try {
      await logout();
    } finally {
      window.location.assign('/login');
    }
  } }, 'Sign out');
  replace(header,
    h('a', { class: 'skip', href: '#main', 'data-native': '' }, 'Skip to content'),
    h('div', { class: 'row' },
      h('div', { class: 'brand' }, h('a', { href: `/findings?tenant=${encodeURIComponent(tenant)}` }, 'Mirador')),
      h('nav', { 'aria-label': 'Views' }, h('ul', null, NAV.filter(([, , admin]) => !admin || s.roles.includes('admin'))
        .map(([key, label]) => navLink(key, label, route?.nav === key, tenant, range)))),
      h('div', { class: 'controls' },
        h('label', { class: 'tenant' }, h('span', { class: 'hint' }, 'Tenant '), tenantSelect),
        tz, theme,
        h('span', { class: 'user', title: `roles: ${s.roles.join(', ')}`, 'data-testid': 'user' }, s.user),
        out)),
    route?.timed ? h('div', { class: 'row range-row' }, rangePicker(range)) : null);
}

async function render(): Promise<void> {
  for (const fn of leave) fn();
  leave = [];
  controller?.abort();
  controller = new AbortController();
  const signal = controller.signal;
  const path = location.pathname;
  if (path === '/' || path === '') {
    router.navigate('/findings' + location.search, true);
    return;
  }
  if (path === '/login') {
    // the server owns the login page (it sets the session cookie); reaching this means it did not
    // answer /login itself: say so rather than reload in a loop
    replace(header);
    replace(main, h('div', { class: 'state error', 'data-view': 'login' }, h('h1', null, 'Sign in'),
      h('p', null, 'The sign-in page is served by the Mirador UI server, which did not answer it.'),
      h('p', null, h('a', { href: '/login', 'data-native': '' }, 'Try again'))));
    return;
  }
  if (!session) {
    replace(main, loading('your session'));
    try {
      session = await loadSession();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return; // api.ts goes to the login page
      replace(main, errorPanel(e, 'your session'));
      return;
    }
  }
  const q = new URLSearchParams(location.search);
  let tenant = q.get('tenant') ?? '';
  if (!tenant && session.tenants.length > 0) {
    tenant = session.tenants[0]!;
    q.set('tenant', tenant);
    history.replaceState(null, '', `${path}?${q}`);
  }
  const m = matchRoute(ROUTES, path);
  const route = (m?.route as AppRoute | undefined) ?? null;
  const hasAbsolute = Number.isFinite(parseInstant(q.get('from'))) && Number.isFinite(parseInstant(q.get('to')));
  if (route?.timed && !q.get('range') && !hasAbsolute) {
    // the URL states the range the page shows, so a copied link shows it too
    rangeToParams({ kind: 'relative', preset: route.defaultRange ?? '1h' }, q);
    history.replaceState(null, '', `${path}?${q}`);
  }
  renderHeader(route, tenant);
  const root = h('div', { class: 'view' });
  replace(main, root);
  if (!m || !route) {
    root.setAttribute('data-view', 'not-found');
    replace(root, h('div', { class: 'state empty' }, h('h1', null, 'No such page'), h('p', null, h('a', { href: '/findings' }, 'Go to the findings'))));
    return;
  }
  root.setAttribute('data-view', route.name);
  if (!tenant) {
    replace(root, h('div', { class: 'state refusal', role: 'alert', 'data-testid': 'refusal' },
      h('h1', null, 'No tenant'), h('p', null, 'Your session may not see any tenant. Ask an administrator to grant you one.')));
    return;
  }
  const ctx: ViewContext = {
    root, params: m.params, query: q, session, tenant, signal,
    onLeave: (fn) => leave.push(fn),
    navigate: (url, rep) => router.navigate(url, rep),
  };
  try {
    await route.view(ctx);
  } catch (e) {
    if (signal.aborted) return;
    replace(root, errorPanel(e, 'this page'));
  }
}

function onKey(e: KeyboardEvent): void {
  const t = e.target as HTMLElement;
  const typing = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || t.isContentEditable;
  if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
    const search = main.querySelector<HTMLElement>('[data-search]');
    if (search) {
      e.preventDefault();
      search.focus();
    }
  }
}

function boot(): void {
  applyTheme(document.documentElement, prefs);
  setUtc(storedPref('mirador.tz') !== 'local');
  document.body.append(header, main, live);
  // the stylesheet follows the scheme by itself; only the toggle's label changes (re-rendering the
  // view would lose the user's place and focus)
  window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', () => relabelTheme());
  document.addEventListener('keydown', onKey);
  router.start(() => {
    void render();
  });
  void render();
}

boot();
