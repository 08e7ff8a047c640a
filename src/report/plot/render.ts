/**
 * Vega-Lite spec → SVG (vega's headless View, renderer 'none', no browser and
 * no canvas) → PNG (resvg, a native module kept out of the esbuild bundle).
 * The three libraries are imported on first use only, so `run` never loads
 * them. PNG text uses DejaVu Sans from the npm package `dejavu-fonts-ttf`
 * (a dependency), so a machine without system fonts still gets text; system
 * fonts are not loaded, which keeps PNGs the same on every machine.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { VlSpec } from './specs.js';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');
type Resvg = typeof import('@resvg/resvg-js');

let libs: Promise<{ vega: Vega; vl: VegaLite }> | null = null;
let resvgLib: Promise<Resvg> | null = null;

function load(): Promise<{ vega: Vega; vl: VegaLite }> {
  libs ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => ({ vega, vl }));
  return libs;
}

/** Render a Vega-Lite spec to an SVG document. */
export async function renderSvg(spec: VlSpec): Promise<string> {
  const { vega, vl } = await load();
  const compiled = vl.compile(spec as unknown as Parameters<VegaLite['compile']>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The TTF files PNG text is drawn with (DejaVu Sans regular and bold); empty when the package is missing. */
export function fontFiles(): string[] {
  try {
    const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    return ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => path.join(dir, f)).filter((f) => existsSync(f));
  } catch {
    return [];
  }
}

/** Render an SVG document to PNG at `scale` × its size (2 = sharp on high-density screens). */
export async function renderPng(svg: string, scale = 2): Promise<{ png: Buffer; width: number; height: number }> {
  resvgLib ??= import('@resvg/resvg-js');
  const { Resvg } = await resvgLib;
  const files = fontFiles();
  const r = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: scale },
    // without the shipped TTFs, fall back to whatever the machine has
    font: { fontFiles: files, loadSystemFonts: files.length === 0, defaultFontFamily: 'DejaVu Sans' },
  });
  const img = r.render();
  return { png: img.asPng(), width: img.width, height: img.height };
}
