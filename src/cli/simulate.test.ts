import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const hubs = fileURLToPath(new URL('../../bin/hubs.js', import.meta.url));
const run = async (args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [hubs, ...args], {
      cwd: tmpdir(),
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
};

describe('hubs simulate', () => {
  it('runs a scenario by name from any directory and prints the JSON summary', async () => {
    const r = await run([
      'simulate',
      '--scenario',
      'reference-r2',
      '--years',
      '2',
      '--replications',
      '2',
      '--workers',
      '1',
      '--set',
      'decisions.caseworkers=600',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ scenario: 'reference-r2', replications: 2, horizonDays: 730 });
    expect(doc.endCaseworkers.mean).toBe(600);
  });

  it('refuses an unknown --set key and lists the keys that exist', async () => {
    const r = await run(['simulate', '--scenario', 'reference-r1', '--set', 'decisions.workers=3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown parameter "decisions.workers"/);
    expect(r.stderr).toMatch(/decisions\.caseworkers/);
  });

  it('refuses an invalid scenario file, listing every problem by path, and runs nothing', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hubs-')), 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ name: 'bad', title: 'Bad', startDate: '2025-01-01', horizonDays: -1 }),
    );
    const r = await run(['simulate', '--scenario', file, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/horizonDays: must be at least 1/);
    expect(r.stderr).toMatch(/arrivals: /);
    expect(r.stderr).toMatch(/groups: /);
  });
});
