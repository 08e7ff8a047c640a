/** Just enough PNG reading for tests: size from IHDR, and RGBA pixels of 8-bit RGB/RGBA non-interlaced images. */
import { inflateSync } from 'node:zlib';

export function pngSize(buf: Buffer): { width: number; height: number } {
  if (buf.toString('latin1', 1, 4) !== 'PNG' || buf.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** Decode to RGBA rows (PNG spec §9 filters). Throws on formats tests do not need. */
export function pngPixels(buf: Buffer): { width: number; height: number; rgba: Uint8Array } {
  const { width, height } = pngSize(buf);
  const depth = buf[24]!;
  const colorType = buf[25]!;
  if (depth !== 8 || (colorType !== 2 && colorType !== 6) || buf[28] !== 0) throw new Error(`unsupported PNG: depth ${depth}, colour type ${colorType}`);
  const bpp = colorType === 6 ? 4 : 3;
  const idat: Buffer[] = [];
  for (let off = 8; off < buf.length; ) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    if (type === 'IDAT') idat.push(buf.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? cur[i - bpp]! : 0;
      const b = prev[i]!;
      const c = i >= bpp ? prev[i - bpp]! : 0;
      let v = line[i]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[i] = v & 255;
    }
    for (let x = 0; x < width; x++) {
      out.set([cur[x * bpp]!, cur[x * bpp + 1]!, cur[x * bpp + 2]!, bpp === 4 ? cur[x * bpp + 3]! : 255], (y * width + x) * 4);
    }
    prev = cur;
  }
  return { width, height, rgba: out };
}

/** Pixels within `tol` of an RGB colour. */
export function countColor(img: { rgba: Uint8Array }, [r, g, b]: [number, number, number], tol = 24): number {
  let n = 0;
  const p = img.rgba;
  for (let i = 0; i < p.length; i += 4) {
    if (Math.abs(p[i]! - r) <= tol && Math.abs(p[i + 1]! - g) <= tol && Math.abs(p[i + 2]! - b) <= tol) n++;
  }
  return n;
}
