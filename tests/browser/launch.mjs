// Launch Debian's Chromium (installed by .ci/setup with apt-get) headless, with the flags that
// keep it from reaching for the network on its own (no background networking, no updates).
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
           '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-default-apps'],
  });
}

// Any host but this machine is refused, so a page that tries to fetch from elsewhere fails
// visibly (and the attempt is recorded) instead of hanging on a closed network.
export function isLocal(url) {
  const u = new URL(url);
  return ['data:', 'blob:', 'about:'].includes(u.protocol) || ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}
