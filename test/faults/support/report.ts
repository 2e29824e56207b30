import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OUT_DIR = join(__dirname, '..', '..', '..', 'test-artifacts', 'faults');

/**
 * Keeps a scenario's figures (what was injected, what arrived, what was lost) in
 * test-artifacts/faults/<scenario>.json and prints them, so docs/reliability.md can quote the
 * last run.
 */
export function report(scenario: string, figures: Record<string, unknown>): void {
  mkdirSync(OUT_DIR, { recursive: true });
  const entry = { scenario, finishedAt: new Date().toISOString(), ...figures };
  writeFileSync(join(OUT_DIR, `${scenario}.json`), `${JSON.stringify(entry, null, 2)}\n`);
  process.stdout.write(`\n[faults] ${scenario}: ${JSON.stringify(figures)}\n`);
}
