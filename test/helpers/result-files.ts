/** Compare result directories file by file (wall_s, the one column that may differ, left out). */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as assert from 'uvu/assert';

/** The CSV without its wall_s column (other files unchanged). */
export function dropWall(csv: string): string {
  const lines = csv.split('\n');
  const col = lines[0]!.split(',').indexOf('wall_s');
  return lines.map((l) => (col < 0 || l === '' ? l : l.split(',').filter((_, i) => i !== col).join(','))).join('\n');
}

/** Every file of `a` equals the same file of `b` (runs.csv without wall_s); both hold the same files. */
export function assertSameResults(a: string, b: string): string[] {
  const files = readdirSync(a).sort();
  assert.equal(readdirSync(b).sort(), files);
  for (const f of files) {
    const x = readFileSync(join(a, f), 'utf8');
    const y = readFileSync(join(b, f), 'utf8');
    if (f === 'runs.csv') assert.is(dropWall(x), dropWall(y), `${f} differs`);
    else assert.is(x, y, `${f} differs`);
  }
  return files;
}
