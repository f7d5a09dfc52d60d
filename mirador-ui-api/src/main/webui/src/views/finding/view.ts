// Finding detail: symptom chart with the incident window, the call path, ranked causes with their
// evidence, and a re-run of the RCA for a chosen window. An open finding follows the stored one
// (refresh.ts): the loop re-ranks it as its window grows.
import { corePath, getJson, postJson, rcaPath } from '../../lib/api';
import { lineChart } from '../../lib/charts/line';
import { h, replace } from '../../lib/dom';
import { featureLabel, featureSeries, isSelfTime } from '../../lib/features';
import { formatDurationMs, formatFeature } from '../../lib/format';
import { formatTime, fromInputValue, isUtc, toInputValue } from '../../lib/time';
import type { EngineFinding, Features, Finding, SelfTimeMinute } from '../../lib/types';
import { announce, badge, empty, errorPanel, field, isAbort, loading, notAvailableOr, section } from '../../lib/ui';
import { isHexId, pathWithQuery, seg } from '../../lib/url';
import { detectedAt } from '../findings/view';
import { build as findingsUrl } from '../findings/url';
import type { ViewContext } from '../view';
import { callPathMap, causesList, facts, type EvidenceContext } from './causes';
import { FINDING_REFRESH_MS, watchFinding } from './refresh';
import { build, parse } from './url';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The engine's finding kept in the evidence, or one made of the stored causes. */
export function engineFinding(f: Finding): EngineFinding {
  const e = f.evidence?.finding;
  if (e && Array.isArray(e.causes) && e.symptom) return e;
  return {
    symptom: { service: f.symptom.service, metric: f.symptom.metric, window: { start: f.symptom.from, end: f.symptom.to } },
    causes: f.causes.map((c) => ({ ...c, evidence: [], callPath: [], codePath: [] })),
    examples: [],
  };
}

/** The chart range: an hour of baseline before the window, a quarter hour after; at most a day. */
export function chartRange(windowFrom: number, windowTo: number, now: number): { from: number; to: number } {
  const from = windowFrom - HOUR;
  const to = Math.min(now, Math.max(windowTo, windowFrom + 60_000) + 15 * 60_000);
  return { from, to: Math.min(to, from + DAY) };
}

/** The per-minute series the charts need: features, and self times when the evidence has them. */
async function evidenceData(ctx: ViewContext, f: EngineFinding, range: { from: number; to: number }):
  Promise<{ features: Features | null; selfTimes: SelfTimeMinute[] | null; error: unknown }> {
  const q = { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() };
  const base = `tenants/${seg(ctx.tenant)}`;
  const needSelf = f.causes.some((c) => (c.evidence ?? []).some((e) => isSelfTime(e.metric)));
  const [features, selfTimes] = await Promise.all([
    getJson<Features>(corePath(pathWithQuery(`${base}/features`, q)), { signal: ctx.signal }).then((v) => ({ v, e: null as unknown }), (e: unknown) => ({ v: null, e })),
    needSelf
      ? getJson<{ selfTimes: SelfTimeMinute[] }>(corePath(pathWithQuery(`${base}/features/self-times`, q)), { signal: ctx.signal }).then((v) => v.selfTimes, () => null)
      : Promise.resolve(null),
  ]);
  return { features: features.v, selfTimes, error: features.e };
}

/** The open/closed state of each cause block in `box`, by service, and the cause that had the focus. */
function causeState(box: HTMLElement): { open: Map<string, boolean>; focused: string | null } {
  const open = new Map<string, boolean>();
  for (const d of box.querySelectorAll<HTMLDetailsElement>('[data-testid="cause"]')) {
    open.set(d.getAttribute('data-service') ?? '', d.open);
  }
  const active = document.activeElement;
  const focused = active && box.contains(active) ? active.closest('[data-testid="cause"]')?.getAttribute('data-service') ?? null : null;
  return { open, focused };
}

/** Gives a re-rendered list the open blocks and the focus the reader left (a new cause keeps its default). */
function restoreCauseState(box: HTMLElement, state: { open: Map<string, boolean>; focused: string | null }): void {
  for (const d of box.querySelectorAll<HTMLDetailsElement>('[data-testid="cause"]')) {
    const was = state.open.get(d.getAttribute('data-service') ?? '');
    if (was !== undefined) d.open = was;
    if (state.focused !== null && d.getAttribute('data-service') === state.focused) d.querySelector('summary')?.focus();
  }
}

export async function findingView(ctx: ViewContext): Promise<void> {
  const state = parse(ctx.params[0] ?? '', ctx.query);
  state.tenant = ctx.tenant;
  if (!isHexId(state.id)) {
    replace(ctx.root, errorPanel(new Error('a finding id is 32 lower-case hex digits'), 'the finding'));
    return;
  }
  replace(ctx.root, loading('the finding'));
  const findingPath = corePath(`tenants/${seg(ctx.tenant)}/findings/${seg(state.id)}`);
  let finding: Finding;
  try {
    finding = await getJson<Finding>(findingPath, { signal: ctx.signal });
  } catch (e) {
    if (!isAbort(e)) replace(ctx.root, errorPanel(e, 'this finding'));
    return;
  }

  const titleBox = h('h1', null);
  const factsBox = h('div', null);
  const refreshNote = h('p', { class: 'hint', 'data-testid': 'finding-refresh', 'aria-live': 'off' });
  const symptomBox = h('div', null, loading('the symptom\'s series'));
  const causesBox = h('div', null);
  const mapBox = h('div', null);
  const rerunBox = h('div', null);

  // ---- re-run control ----
  const defaultFrom = (f: Finding) => Date.parse(f.symptom.from);
  const defaultTo = (f: Finding) => Math.max(Date.parse(f.symptom.to), Date.parse(f.symptom.from) + 60_000);
  const inFrom = h('input', { type: 'datetime-local', value: toInputValue(state.rcaFrom ?? defaultFrom(finding)), 'data-testid': 'rerun-from' });
  const inTo = h('input', { type: 'datetime-local', value: toInputValue(state.rcaTo ?? defaultTo(finding)), 'data-testid': 'rerun-to' });
  // a window the reader chose (typed, dragged, or in the URL) is kept when the finding grows
  let windowChosen = state.rcaFrom !== null;
  inFrom.addEventListener('input', () => { windowChosen = true; });
  inTo.addEventListener('input', () => { windowChosen = true; });
  const run = async (e: Event) => {
    e.preventDefault();
    const from = fromInputValue(inFrom.value);
    const to = fromInputValue(inTo.value);
    if (!(from < to)) {
      replace(rerunBox, errorPanel(new Error('the window needs a start before its end'), 'the RCA'));
      return;
    }
    ctx.navigate(build({ ...state, rcaFrom: from, rcaTo: to }), true);
  };
  const rerun = h('form', { class: 'filters rerun', onsubmit: run, 'data-testid': 'rerun-form' },
    field(`From (${isUtc() ? 'UTC' : 'local time'})`, inFrom), field(`To (${isUtc() ? 'UTC' : 'local time'})`, inTo),
    h('button', { type: 'submit', 'data-testid': 'rerun' }, 'Re-run RCA for this window'),
    h('small', { class: 'hint' }, 'Or drag across the symptom chart to choose the window.'));

  replace(ctx.root,
    h('p', { class: 'crumbs' }, h('a', { href: findingsUrl({ tenant: ctx.tenant, range: { kind: 'relative', preset: '24h' }, service: '', state: '' }) }, '← Findings')),
    titleBox,
    factsBox,
    refreshNote,
    section('Symptom', symptomBox),
    section('Call path', mapBox),
    section('Probable causes', causesBox),
    section('Re-run the RCA', rerun, rerunBox));

  /** The header and facts of `f` as of `now` (an open finding's "Open for" grows). */
  const showFacts = (f: Finding, now: number) => {
    const wFrom = Date.parse(f.symptom.from);
    const wTo = Date.parse(f.symptom.to);
    const detected = detectedAt(f);
    const end = f.closedAt ? Date.parse(f.closedAt) : now;
    replace(titleBox, 'Finding: ', h('span', { 'data-testid': 'symptom-service' }, f.symptom.service), ' ',
      h('span', { class: 'metric' }, featureLabel(f.symptom.metric)), ' ',
      badge(f.status, f.status === 'OPEN' ? 'bad' : 'ok', 'finding-state'));
    replace(factsBox, facts([
      ['Incident start', formatTime(wFrom)],
      ['Detected', detected ? formatTime(Date.parse(detected)) : '—'],
      ['Window', `${formatTime(wFrom)} – ${formatTime(wTo)}`],
      f.closedAt ? ['Closed', formatTime(end)] : ['Open for', `${formatDurationMs(end - wFrom)} (ongoing)`],
      ...(f.closedAt ? [['Duration', formatDurationMs(end - wFrom)] as [string, string]] : []),
      ['Resolution', f.evidence?.resolution ? badge(f.evidence.resolution, f.evidence.resolution === 'RECOVERED' ? 'ok' : 'warn', 'finding-resolution') : f.status === 'OPEN' ? 'ongoing' : 'not recorded'],
      ['Services in the incident', (f.evidence?.services ?? []).join(', ') || '—'],
    ]));
    factsBox.firstElementChild?.setAttribute('data-updated-at', f.updatedAt);
  };

  /**
   * The symptom chart, the call path and the causes of `f`. A refresh reads the series first and
   * swaps everything in at once (no loading states, the open cause blocks and the focus kept), so
   * the page does not jump under the reader; answers false when the view was left meanwhile.
   */
  const showEvidence = async (f: Finding, refresh: boolean): Promise<boolean> => {
    const ef = engineFinding(f);
    const wFrom = Date.parse(f.symptom.from);
    const wTo = Date.parse(f.symptom.to);
    const range = chartRange(wFrom, wTo, Date.now());
    if (!refresh) {
      const map = callPathMap(ctx.tenant, ef, range);
      replace(mapBox, map ?? empty('The RCA recorded no call path (no call graph between the symptom and the causes).'));
    }
    const data = await evidenceData(ctx, ef, range);
    if (ctx.signal.aborted) return false;
    const features = data.features;
    if (refresh) {
      const map = callPathMap(ctx.tenant, ef, range);
      replace(mapBox, map ?? empty('The RCA recorded no call path (no call graph between the symptom and the causes).'));
    }
    if (data.error) replace(symptomBox, notAvailableOr(data.error, 'per-minute series'));
    const ec: EvidenceContext = { tenant: ctx.tenant, features: features?.services ?? null, selfTimes: data.selfTimes, from: range.from, to: range.to, window: { from: wFrom, to: wTo } };
    if (features) {
      const metric = f.symptom.metric;
      const points = featureSeries(features.services, f.symptom.service, metric, range.from, range.to);
      const own = ef.causes.find((c) => c.service === f.symptom.service)?.evidence?.find((e) => e.metric === metric);
      replace(symptomBox, points.some((p) => p.v !== null)
        ? lineChart({
            title: `${f.symptom.service}: ${featureLabel(metric)}`,
            series: [{ name: featureLabel(metric), points }],
            from: range.from, to: range.to,
            yFormat: (v) => formatFeature(metric, v),
            window: { from: wFrom, to: wTo, label: 'incident window' },
            band: own ? { lo: own.baselineMedian - own.baselineIqr, hi: own.baselineMedian + own.baselineIqr, label: 'baseline median ± IQR' } : undefined,
            area: true,
            width: 1100,
            height: 220,
            testid: 'symptom-chart',
            onSelect: (from, to) => {
              inFrom.value = toInputValue(from);
              inTo.value = toInputValue(to);
              windowChosen = true;
              inFrom.focus();
            },
          })
        : empty('No per-minute data for the symptom in this range (retention may have removed it).'));
    }
    const kept = causeState(causesBox);
    replace(causesBox, causesList(ec, ef));
    if (refresh) restoreCauseState(causesBox, kept);
    return true;
  };

  const noteRefresh = (f: Finding, at: number | null, error: unknown) => {
    // a closed finding does not change any more: nothing to say
    refreshNote.hidden = f.status !== 'OPEN';
    if (f.status !== 'OPEN') return;
    const every = `${FINDING_REFRESH_MS / 1000} s`;
    replace(refreshNote, at === null
      ? `Open: the detection loop ranks it again as its window grows; this page checks every ${every}.`
      : error
        ? `Open: the last check at ${formatTime(at)} failed (${error instanceof Error ? error.message : String(error)}); trying again in ${every}.`
        : `Open: this page checks for a new ranking every ${every} (last checked ${formatTime(at)}).`);
  };

  showFacts(finding, Date.now());
  noteRefresh(finding, null, null);
  if (!(await showEvidence(finding, false))) return;

  // ---- an open finding follows the stored one ----
  let current = finding;
  const stop = watchFinding({
    first: finding,
    every: FINDING_REFRESH_MS,
    fetch: () => getJson<Finding>(findingPath, { signal: ctx.signal }),
    changed: async (f) => {
      current = f;
      if (!windowChosen) {
        inFrom.value = toInputValue(defaultFrom(f));
        inTo.value = toInputValue(defaultTo(f));
      }
      showFacts(f, Date.now());
      noteRefresh(f, Date.now(), null);
      if (await showEvidence(f, true)) {
        announce(`Finding updated: window ${formatTime(Date.parse(f.symptom.from))} – ${formatTime(Date.parse(f.symptom.to))}, top cause ${f.causes[0]?.service ?? 'none'}${f.status === 'OPEN' ? '' : ', closed'}`);
      }
    },
    checked: (at, error) => {
      if (ctx.signal.aborted || isAbort(error)) return;
      showFacts(current, at);
      noteRefresh(current, at, error);
    },
  });
  ctx.onLeave(stop);

  if (state.rcaFrom !== null && state.rcaTo !== null) {
    const from = state.rcaFrom;
    const to = state.rcaTo;
    replace(rerunBox, loading('the new ranking'));
    try {
      const result = await postJson<EngineFinding>(rcaPath('rca'), {
        tenant: ctx.tenant, from: new Date(from).toISOString(), to: new Date(to).toISOString(), symptomService: finding.symptom.service,
      }, { signal: ctx.signal });
      if (!result) throw new Error('the RCA answered nothing');
      const r2 = chartRange(from, to, Date.now());
      const d2 = await evidenceData(ctx, result, r2);
      if (ctx.signal.aborted) return;
      announce(`New ranking: ${result.causes.length} causes`);
      replace(rerunBox, h('div', { 'data-testid': 'rerun-result' },
        h('h3', null, `Ranking for ${formatTime(from)} – ${formatTime(to)}`),
        h('p', { class: 'hint' }, `Symptom: ${result.symptom.service} ${featureLabel(result.symptom.metric)}`),
        causesList({ tenant: ctx.tenant, features: d2.features?.services ?? null, selfTimes: d2.selfTimes, from: r2.from, to: r2.to, window: { from, to } }, result)));
    } catch (e) {
      if (!isAbort(e)) replace(rerunBox, errorPanel(e, 'the RCA for this window'));
    }
  }
}
