// What counts as an external reference in a built asset. Shared by check-offline and its test.

/** XML namespace names are identifiers, never fetched; SVG elements need this one. */
export const ALLOWED_NAMESPACES = ['http://www.w3.org/2000/svg'];

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?(?:[/?#]|$)/i;

const RULES = [
  // scheme URLs: http, https, ws, wss, ftp
  { re: /\b(?:https?|wss?|ftp):\/\/[^\s"'`)<>\\]*/gi, scheme: true },
  // protocol-relative //host.tld inside a string, attribute or url()
  { re: /["'`(=,]\s*\/\/[a-z0-9][-a-z0-9]*(?:\.[-a-z0-9]+)*\.[a-z]{2,}[^\s"'`)<>]*/gi },
  // CSS url(...) with a scheme other than data:, or a protocol-relative //host
  { re: /url\(\s*["']?\s*(?:(?!data:)[a-z][a-z0-9+.-]*:|\/\/)[^)]*\)/gi },
  // CSS @import
  { re: /@import\b[^;]*/gi },
];

/** The offending texts in one file's content, empty when there is none. */
export function findExternalReferences(text) {
  const hits = [];
  for (const { re, scheme } of RULES) {
    re.lastIndex = 0;
    for (let m; (m = re.exec(text)); ) {
      const found = m[0];
      if (scheme) {
        if (ALLOWED_NAMESPACES.includes(found)) continue;
        const rest = found.replace(/^[a-z]+:\/\//i, '');
        if (LOOPBACK.test(rest)) continue;
      }
      hits.push(found.length > 120 ? found.slice(0, 120) + '…' : found);
    }
  }
  return hits;
}
