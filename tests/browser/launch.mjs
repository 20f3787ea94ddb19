// Launch Debian's Chromium (installed by .ci/setup with apt-get) headless, with the flags that
// keep it from reaching for the network on its own (no background networking, no updates).
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Every request to another host is refused by the browser itself, before it leaves: host names
// resolve to nothing, and anything not for this machine (an IP address too) goes to a proxy
// that is not there. This machine (127.0.0.1, localhost) is reached directly: Chromium never
// sends loopback through a proxy. Refusing in the browser, not in a playwright route handler,
// keeps each request off the round trip to node (a third of a page's load time).
const REFUSE_OTHER_HOSTS = ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
                            '--proxy-server=http://127.0.0.1:9', '--proxy-bypass-list=127.0.0.1;localhost'];

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
           '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-default-apps',
           ...REFUSE_OTHER_HOSTS],
  });
}

// Any host but this machine is refused, so a page that tries to fetch from elsewhere fails
// visibly (and the attempt is recorded) instead of hanging on a closed network.
export function isLocal(url) {
  const u = new URL(url);
  return ['data:', 'blob:', 'about:'].includes(u.protocol) || ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}

// Record, on one page, every request for another host (refused by the browser, see launch) and
// every failed request for this machine. The lists fill as the page runs: read them when done.
// A tab that visits several pages in turn calls take() after each, to get that visit's lists.
// take() first waits (up to 10 s) for every request still in flight (a late icon, say) to end, so
// that none is cut off by the next navigation and blamed on the next page.
export function watchRequests(page) {
  const seen = { external: [], failed: [] };
  let pending = 0;
  page.on('request', (r) => { pending += 1; if (!isLocal(r.url())) seen.external.push(r.url()); });
  page.on('requestfinished', () => { pending -= 1; });
  page.on('websocket', (ws) => { if (!isLocal(ws.url().replace(/^ws/, 'http'))) seen.external.push(ws.url()); });
  page.on('requestfailed', (r) => {
    pending -= 1;
    if (isLocal(r.url())) seen.failed.push(r.url() + ' ' + (r.failure()?.errorText || ''));
  });
  return {
    external: seen.external, failed: seen.failed,
    async take() {
      for (let waited = 0; pending > 0 && waited < 10000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      const got = { external: seen.external, failed: seen.failed };
      seen.external = []; seen.failed = [];
      return got;
    },
  };
}
