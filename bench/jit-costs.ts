/**
 * Instructions (and cache misses) per JavaScript function, counted by valgrind, for code V8
 * compiled at run time. Valgrind sees optimised JavaScript only as anonymous addresses; V8's perf
 * map (`--perf-basic-prof`) names them. Counts are exact and repeatable, unlike a sampling
 * profile on this shared machine, so two versions of the model can be compared function by
 * function (src/sim/DESIGN.md, session 8).
 *
 * Record (one replication under valgrind takes about 40 s; run the transpiled files, not tsx, and
 * `--single-threaded` so that compilation is counted in the same thread):
 *
 *   valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file=/tmp/cg.out \
 *     [--cache-sim=yes --LL=4194304,16,64] \
 *     node --perf-basic-prof --no-compact-code-space --single-threaded bench/sim-one.js return-hubs 10 6
 *
 * then `node --import ./bin/register-ts.js bench/jit-costs.ts /tmp/cg.out /tmp/perf-PID.map [top]`.
 * Runs of 3 and 6 replications, subtracted, give the cost of a warm replication.
 */
import { readFileSync } from 'node:fs';

const [cgFile, mapFile, topArg = '40'] = process.argv.slice(2);
if (!cgFile || !mapFile) {
  console.error('usage: jit-costs.ts CALLGRIND_OUT PERF_MAP [top]');
  process.exit(2);
}

// The perf map: "start size name" in hex, one code object a line.
const code = readFileSync(mapFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const [start, size, ...name] = line.split(' ');
    return {
      start: parseInt(start, 16),
      end: parseInt(start, 16) + parseInt(size, 16),
      name: name.join(' ').split(' file:')[0],
    };
  })
  .sort((a, b) => a.start - b.start);

function nameAt(address: number): string {
  let lo = 0;
  let hi = code.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (code[mid].start <= address) lo = mid + 1;
    else hi = mid - 1;
  }
  const c = code[hi];
  return c && address < c.end ? c.name : '(not JavaScript)';
}

// Callgrind's cost lines: "address line cost..." with addresses absolute (0x…), relative (+n, -n)
// or repeated (*). The line after "calls=" is the inclusive cost of a call, not the caller's own.
let events: string[] = [];
const totals = new Map<string, number[]>();
let address = 0;
let skipNext = false;
for (const line of readFileSync(cgFile, 'utf8').split('\n')) {
  if (line.startsWith('events:')) events = line.slice(7).trim().split(/\s+/);
  if (line.startsWith('calls=')) {
    skipNext = true;
    continue;
  }
  const first = line[0];
  if (!first || !'0123456789+-*'.includes(first)) continue;
  const [pos, , ...costs] = line.split(/\s+/);
  if (pos.startsWith('0x')) address = parseInt(pos, 16);
  else if (first === '+') address += Number(pos.slice(1));
  else if (first === '-') address -= Number(pos.slice(1));
  else if (pos !== '*') continue;
  if (skipNext) {
    skipNext = false;
    continue;
  }
  const name = nameAt(address);
  const row = totals.get(name) ?? new Array<number>(events.length).fill(0);
  costs.forEach((c, i) => (row[i] += Number(c)));
  totals.set(name, row);
}

const rows = [...totals].sort((a, b) => b[1][0] - a[1][0]).slice(0, Number(topArg));
const sum = events.map((_, i) => [...totals.values()].reduce((s, r) => s + r[i], 0));
const m = (n: number) => `${(n / 1e6).toFixed(1)}M`.padStart(10);
console.log(events.map((e) => e.padStart(10)).join(''), ' function');
console.log(sum.map(m).join(''), ' (all)');
for (const [name, row] of rows) console.log(row.map(m).join(''), ` ${name}`);
