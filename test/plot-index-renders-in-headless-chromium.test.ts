/**
 * index.html renders in a real browser with no network: headless Chromium
 * (Debian's `chromium` package) screenshots the page of a plotted result dir
 * from disk, with networking disabled by a proxy that does not exist. The
 * screenshot must show the charts in colour — the p99 line's red and the
 * bars' blue come only from the inlined SVGs. Skipped, with a message, where
 * /usr/bin/chromium is absent (CI images often lack it).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cli, root, tempDir } from './helpers/cli.js';
import { countColor, pngPixels } from './helpers/png.js';

const CHROMIUM = '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  // no test registered (uvu's Total leaves skipped tests out, which test/run.ts would count as −1 failed)
  console.log(`skipped: ${CHROMIUM} is absent (apt-get install chromium to run this test)`);
} else {
  test('index.html renders in headless Chromium, charts in colour, with no network', () => {
    const tmp = tempDir();
    try {
      const run = cli(['run', join(root, 'scenarios', 'backend-webapp.yaml'), '--out', tmp, '--set', 'duration=2s', '--set', 'warmup=1s', '--runs', '2', '--progress', 'none']);
      assert.is(run.status, 0, run.stderr);
      const dir = join(tmp, 'backend-webapp');
      const plot = cli(['plot', dir]);
      assert.is(plot.status, 0, plot.stderr);
      const shot = join(tmp, 'shot.png');
      const r = spawnSync(
        CHROMIUM,
        [
          '--headless',
          '--no-sandbox', // CI runs as root
          '--disable-gpu',
          '--proxy-server=127.0.0.1:9', // any network fetch would fail
          '--window-size=1200,2400',
          `--screenshot=${shot}`,
          pathToFileURL(join(dir, 'index.html')).href,
        ],
        { encoding: 'utf8', timeout: 60_000 },
      );
      assert.ok(existsSync(shot), `no screenshot: ${r.stderr}`);
      const img = pngPixels(readFileSync(shot));
      assert.is(img.width, 1200);
      const red = countColor(img, [0xd6, 0x27, 0x28]); // p99 line (failure picture)
      const blue = countColor(img, [0x4c, 0x78, 0xa8]); // endpoint share bars (Vega's first category colour)
      assert.ok(red > 300, `red pixels of the p99 line: ${red}`);
      assert.ok(blue > 3000, `blue pixels of the share bars: ${blue}`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
}

test.run();
