// `pnpm bench` runs every group; `pnpm bench <group> …` runs the named ones. Prints a table of
// figures with their targets and merges them into bench/results/latest.json as one flat object of
// dotted names, keeping the figures of groups not run this time. A missed target is reported, never
// a failure: the exit code is 0 unless a group could not run at all.
import { cpus, totalmem } from 'node:os';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { releaseAll } from './cleanup.ts';
import { buildHub } from './hub-bundle.ts';
import { describeTarget, targetMet, type BenchGroup, type Figures } from './figures.ts';

/** The registry: adding a group is one file in bench/groups and one line here. */
const groups: Record<string, () => Promise<{ run: BenchGroup }>> = {
  spine: () => import('./groups/spine.ts'),
  'spine-mosquitto': () => import('./groups/spine-mosquitto.ts'),
  wristband: () => import('./groups/wristband.ts'),
  queue: () => import('./groups/queue.ts'),
  kiosk: () => import('./groups/kiosk.ts'),
  video: () => import('./groups/video.ts'),
  jobs: () => import('./groups/jobs.ts'),
  faults: () => import('./groups/faults.ts'),
  kpi: () => import('./groups/kpi.ts'),
  abuse: () => import('./groups/abuse.ts'),
  eta: () => import('./groups/eta.ts'),
};

const RESULTS = fileURLToPath(new URL('./results/latest.json', import.meta.url));

type Results = Record<string, number | string | null>;

function readResults(): Results {
  if (!existsSync(RESULTS)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(RESULTS, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Results;
  } catch {
    // fall through: a damaged file is replaced, with a word on stderr
  }
  process.stderr.write(`bench: ${RESULTS} was not a JSON object; starting it afresh\n`);
  return {};
}

function writeResults(results: Results): void {
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  const sorted = Object.fromEntries(Object.entries(results).sort(([a], [b]) => a.localeCompare(b)));
  // Write then rename, so an interrupted run never leaves half a file.
  writeFileSync(`${RESULTS}.tmp`, JSON.stringify(sorted, null, 2) + '\n');
  renameSync(`${RESULTS}.tmp`, RESULTS);
}

function machineInfo(): Results {
  const c = cpus();
  return {
    'machine.cpus': c.length,
    'machine.cpu_model': c[0]?.model.trim() ?? null,
    'machine.memory_gb': Math.round(totalmem() / 2 ** 30),
    'machine.node': process.version,
    'machine.platform': `${process.platform}-${process.arch}`,
  };
}

const fmt = (v: number | null) => (v === null || Number.isNaN(v) ? 'n/a' : String(v));

function printTable(group: string, figures: Figures): string[] {
  const rows = Object.entries(figures).map(([name, f]) => {
    const met = targetMet(f);
    return [`${group}.${name}`, fmt(f.value), f.unit, describeTarget(f.target), met === null ? '' : met ? 'yes' : 'NO'];
  });
  const head = ['figure', 'value', 'unit', 'target', 'met?'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  process.stdout.write(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const r of rows) process.stdout.write(line(r).trimEnd() + '\n');
  for (const [name, f] of Object.entries(figures)) if (f.note) process.stdout.write(`  ${group}.${name}: ${f.note}\n`);
  return Object.entries(figures)
    .filter(([, f]) => targetMet(f) === false)
    .map(([name, f]) => `${group}.${name} = ${fmt(f.value)} ${f.unit} (target ${describeTarget(f.target)})`);
}

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => !(a in groups));
  if (unknown.length) {
    process.stderr.write(
      `bench: no group ${unknown.map((u) => `"${u}"`).join(', ')}; groups: ${Object.keys(groups).join(', ')}\n`,
    );
    return 64;
  }
  const chosen = argv.length ? argv : Object.keys(groups);
  buildHub();
  const log = (line: string) => process.stderr.write(`  ${line}\n`);
  const missed: string[] = [];
  let failed = 0;
  for (const name of chosen) {
    process.stderr.write(`bench ${name}\n`);
    let figures: Figures;
    try {
      const { run } = await groups[name]!();
      figures = await run({ log });
    } catch (err) {
      failed++;
      process.stderr.write(`bench ${name} could not run: ${(err as Error).stack ?? String(err)}\n`);
      continue;
    }
    missed.push(...printTable(name, figures));
    const results = readResults();
    for (const [k, f] of Object.entries(figures)) results[`${name}.${k}`] = f.value;
    results[`${name}.measured_at`] = new Date().toISOString();
    Object.assign(results, machineInfo());
    writeResults(results);
  }
  if (missed.length) process.stdout.write(`\nTargets missed:\n${missed.map((m) => `  ${m}`).join('\n')}\n`);
  else if (failed < chosen.length) process.stdout.write('\nAll targets met.\n');
  if (failed < chosen.length) process.stdout.write(`Figures merged into ${RESULTS}\n`);
  if (failed) process.stdout.write(`${failed} group(s) could not run; see above.\n`);
  return failed ? 1 : 0;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    process.stderr.write(`\nbench: ${signal}, stopping child processes\n`);
    void releaseAll().finally(() => process.exit(130));
  });
}

try {
  process.exitCode = await main(process.argv.slice(2));
} finally {
  if (!interrupted) await releaseAll();
}
