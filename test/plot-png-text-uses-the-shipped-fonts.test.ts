/**
 * PNG text does not depend on the machine's fonts: the renderer finds
 * DejaVu Sans in the npm package dejavu-fonts-ttf (a dependency) and then
 * loads no system fonts, so a label drawn in the PNG proves the shipped font
 * was used. A text-only SVG must come out with dark pixels where the text is,
 * and the same SVG with an unknown font family still draws (the default
 * family is the shipped one).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { fontFiles, renderPng } from '../src/report/plot/render.js';
import { pngPixels } from './helpers/png.js';

function darkPixels(png: Buffer): number {
  const img = pngPixels(png);
  let n = 0;
  for (let i = 0; i < img.rgba.length; i += 4) if (img.rgba[i]! < 100 && img.rgba[i + 1]! < 100 && img.rgba[i + 2]! < 100) n++;
  return n;
}

const svg = (family: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="white"/><text x="5" y="28" font-family="${family}" font-size="20" fill="#000">p99 latency</text></svg>`;

test('the shipped DejaVu Sans files are found', () => {
  const files = fontFiles();
  assert.is(files.length, 2);
  for (const f of files) assert.ok(existsSync(f) && /DejaVuSans(-Bold)?\.ttf$/.test(f), f);
});

test('text is drawn into the PNG with the shipped font only', async () => {
  const { png, width, height } = await renderPng(svg('DejaVu Sans'), 1);
  assert.equal([width, height], [200, 40]);
  const dark = darkPixels(png);
  assert.ok(dark > 150, `dark pixels of the text: ${dark}`);
  const fallback = darkPixels((await renderPng(svg('No Such Font'), 1)).png);
  assert.ok(fallback > 150, `dark pixels with an unknown family: ${fallback}`);
  // an SVG without text stays white: the count above is the text
  assert.is(darkPixels((await renderPng('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="white"/></svg>', 1)).png), 0);
});

test.run();
