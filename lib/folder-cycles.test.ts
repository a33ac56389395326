import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The lib/ folders form layers: each may import folders below it, never one that imports it
// back (directly or through others). A cycle means two folders are one module in two places.
const LIB = path.join(process.cwd(), 'lib');
const IMPORT = /(?:import|export)[^'";]*?from\s+['"]([^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** `lib/payments/x.ts` → `payments`; files directly under lib/ are their own folder, `(lib)`. */
function folderOf(file: string): string | null {
  const parts = path.relative(LIB, file).split(path.sep);
  if (parts[0].startsWith('..')) return null;
  return parts.length > 1 ? parts[0] : '(lib)';
}

/** Folder → the folders it imports (type imports included: they tie the folders as much). */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(LIB)) {
    const from = folderOf(file)!;
    const targets = graph.get(from) ?? new Map<string, string>();
    graph.set(from, targets);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const resolved = spec.startsWith('@/lib/') ? path.join(LIB, spec.slice('@/lib/'.length)) : spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : null;
      const to = resolved && folderOf(resolved.endsWith('.ts') ? resolved : `${resolved}.ts`);
      if (to && to !== from && !targets.has(to)) targets.set(to, path.relative(process.cwd(), file));
    }
  }
  return graph;
}

/** Every cycle, each as the folders walked and the file that makes each step. */
function cycles(graph: Map<string, Map<string, string>>): string[] {
  const found = new Set<string>();
  const walk = (start: string, at: string, trail: string[]) => {
    for (const [next, file] of graph.get(at) ?? []) {
      const step = `${at} → ${next} (${file})`;
      if (next === start) found.add([...trail, step].sort().join('; '));
      else if (!trail.some((s) => s.startsWith(`${next} →`)) && trail.length < graph.size) walk(start, next, [...trail, step]);
    }
  };
  for (const folder of graph.keys()) walk(folder, folder, []);
  return [...found];
}

describe('lib folder layering', () => {
  it('has no import cycle between folders', () => {
    expect(cycles(folderGraph())).toEqual([]);
  });

  it('sees a cycle when there is one', () => {
    const graph = new Map([
      ['payments', new Map([['risk', 'lib/payments/a.ts']])],
      ['risk', new Map([['payments', 'lib/risk/b.ts']])],
    ]);
    expect(cycles(graph)).toEqual(['payments → risk (lib/payments/a.ts); risk → payments (lib/risk/b.ts)']);
  });

  it('reads the real imports', () => {
    expect(folderGraph().get('settlement')?.get('ledger')).toMatch(/^lib\/settlement\//);
  });
});
