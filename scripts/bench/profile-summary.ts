// Ad hoc: self time of a V8 .cpuprofile by function and by file (top N), as percent of samples.
// `npx tsx scripts/bench/profile-summary.ts file.cpuprofile [N]`
import { readFileSync } from 'node:fs';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; hitCount?: number };
const [file, top = '30'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
const sources = new Map<string, string[]>();
const snippet = (url: string, line: number, column: number) => {
  if (!sources.has(url)) sources.set(url, readFileSync(url.replace(/^file:\/\//, ''), 'utf8').split('\n'));
  return JSON.stringify(sources.get(url)![line]?.slice(column, column + 70));
};
const shortUrl = (url: string) => url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, 'nm/').replace(/.*\/\.next\//, '.next/') || '(native)';
for (const node of profile.nodes) {
  const t = self.get(node.id) ?? 0;
  if (!t) continue;
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  const where = shortUrl(url);
  // Bundled chunks are minified: the first characters of the function name where it starts.
  const fn = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}:${columnNumber + 1}${url.includes('/.next/') ? `  ${snippet(url, lineNumber, columnNumber)}` : ''}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
  byFile.set(where, (byFile.get(where) ?? 0) + t);
}
const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title} (total ${(total / 1000).toFixed(0)} ms)`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
};
print('self time by function', byFunction);
print('self time by file', byFile);
