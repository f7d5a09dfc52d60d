// The one way this UI builds DOM. Every string child becomes a text node, so telemetry (span
// names, attributes, log bodies: attacker-controlled) can never become markup. Attributes are set
// with setAttribute, never from HTML text; event handlers are functions, never strings; an href
// must come from a URL builder (a same-origin path), anything else is refused.

export type Child = Node | string | number | null | undefined | false | Child[];

type Handler = (event: Event) => void;

export interface Attrs {
  [name: string]: string | number | boolean | null | undefined | Handler;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A same-origin path ("/findings?...") or a fragment; anything else (schemes, //host) is refused. */
export function safeHref(href: string): string {
  if (/^\/(?![/\\])/.test(href) || href.startsWith('#') || href.startsWith('?')) {
    return href;
  }
  throw new Error('refused a link that is not a same-origin path');
}

function setAttrs(el: Element, attrs: Attrs | null | undefined): void {
  if (!attrs) return;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') {
      if (!name.startsWith('on')) throw new Error('a function attribute must be an event handler');
      el.addEventListener(name.slice(2).toLowerCase(), value);
      continue;
    }
    const lower = name.toLowerCase();
    if (lower.startsWith('on')) throw new Error('inline event attributes are not allowed');
    if (lower === 'style') throw new Error('inline styles are not allowed (CSP style-src self)');
    const text = value === true ? '' : String(value);
    if (lower === 'href' || lower === 'src' || lower === 'action' || lower === 'xlink:href') {
      el.setAttribute(name, safeHref(text));
      continue;
    }
    el.setAttribute(name, text);
  }
}

function append(parent: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child) append(parent, c);
    return;
  }
  if (typeof child === 'string' || typeof child === 'number') {
    parent.appendChild(parent.ownerDocument!.createTextNode(String(child)));
    return;
  }
  parent.appendChild(child);
}

let doc: Document | undefined = typeof document === 'undefined' ? undefined : document;

/** For tests: the document elements are created in. */
export function useDocument(d: Document): void {
  doc = d;
}

function theDocument(): Document {
  if (!doc) throw new Error('no document');
  return doc;
}

/** An HTML element: h('a', {href: url.build(...)}, 'text', child). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = theDocument().createElement(tag);
  setAttrs(el, attrs);
  for (const c of children) append(el, c);
  return el;
}

/** An SVG element. */
export function s(tag: string, attrs?: Attrs | null, ...children: Child[]): SVGElement {
  const el = theDocument().createElementNS(SVG_NS, tag) as SVGElement;
  setAttrs(el, attrs);
  for (const c of children) append(el, c);
  return el;
}

export function text(value: string): Text {
  return theDocument().createTextNode(value);
}

/** Removes every child of el, then appends children. */
export function replace(el: Element, ...children: Child[]): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  for (const c of children) append(el, c);
}

export function fragment(...children: Child[]): DocumentFragment {
  const f = theDocument().createDocumentFragment();
  for (const c of children) append(f, c);
  return f;
}

/**
 * Redaction tokens the agent leaves in place of personal data: the deterministic hash token
 * (pii:5f2a9c01d3e4b7a8, the policy's default prefix) and the default mask [REDACTED].
 */
const REDACTION = /pii:[0-9a-f]{6,64}|\[REDACTED\]/g;

export interface Segment {
  text: string;
  redacted: boolean;
}

/** The value split into plain text and redaction tokens, in order. */
export function redactionSegments(value: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  REDACTION.lastIndex = 0;
  for (let m; (m = REDACTION.exec(value)); ) {
    if (m.index > last) out.push({ text: value.slice(last, m.index), redacted: false });
    out.push({ text: m[0], redacted: true });
    last = m.index + m[0].length;
  }
  if (last < value.length || out.length === 0) out.push({ text: value.slice(last), redacted: false });
  return out;
}

/** A telemetry value as text; redaction tokens are marked visibly and for screen readers. */
export function valueText(value: string): HTMLElement {
  return h(
    'span',
    { class: 'value' },
    redactionSegments(value).map((seg) =>
      seg.redacted
        ? h('mark', { class: 'redacted', title: 'redacted by the agent: the original never left the host' },
            h('span', { class: 'sr-only' }, 'redacted '), seg.text)
        : seg.text,
    ),
  );
}
