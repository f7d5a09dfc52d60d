// History API routing: same-origin link clicks become pushState, back/forward re-render.

export interface Route {
  /** Matches the pathname; capture groups become params (percent-decoded). */
  pattern: RegExp;
  name: string;
}

export interface Match {
  route: Route;
  params: string[];
}

export function matchRoute(routes: readonly Route[], pathname: string): Match | null {
  for (const route of routes) {
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    try {
      return { route, params: m.slice(1).map((p) => decodeURIComponent(p ?? '')) };
    } catch {
      return null; // malformed percent-encoding: no route
    }
  }
  return null;
}

type Listener = () => void;

export class Router {
  private listener: Listener = () => {};

  start(listener: Listener): void {
    this.listener = listener;
    window.addEventListener('popstate', () => this.listener());
    document.addEventListener('click', (e) => this.onClick(e));
  }

  navigate(url: string, replace = false): void {
    if (!url.startsWith('/') || url.startsWith('//')) throw new Error('same-origin paths only');
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    this.listener();
  }

  /** Changes the URL without re-rendering (a view that updated itself in place). */
  replaceQuietly(url: string): void {
    history.replaceState(null, '', url);
  }

  private onClick(e: MouseEvent): void {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || a.hasAttribute('download') || a.getAttribute('target')) return;
    const href = a.getAttribute('href');
    if (!href || !href.startsWith('/') || href.startsWith('//') || a.hasAttribute('data-native')) return;
    e.preventDefault();
    this.navigate(href);
  }
}

export const router = new Router();
