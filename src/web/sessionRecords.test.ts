import { describe, expect, it } from 'vitest';
import { testDrivers, useTestStore } from '../../test/db.ts';
import { databaseSessionRecords, keyBatcher } from './sessionRecords.ts';

describe('keyBatcher', () => {
  /** A loader that answers when told to, recording what each load was asked. */
  function gatedLoader() {
    const loads: { keys: string[]; release(): void; fail(error: Error): void }[] = [];
    const load = (keys: string[]) =>
      new Promise<Map<string, string>>((resolve, reject) => {
        loads.push({
          keys,
          release: () =>
            resolve(new Map(keys.filter((k) => k !== 'missing').map((k) => [k, `value of ${k}`]))),
          fail: reject,
        });
      });
    return { loads, load };
  }
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it('loads a key at once while a load slot is free, and groups the keys that wait for one', async () => {
    const { loads, load } = gatedLoader();
    const get = keyBatcher(load, { concurrency: 1 });
    const a = get('a');
    const rest = [get('b'), get('c'), get('b'), get('missing')];
    expect(loads.map((l) => l.keys)).toEqual([['a']]);
    loads[0]!.release();
    expect(await a).toBe('value of a');
    await tick();
    expect(loads.map((l) => l.keys)).toEqual([['a'], ['b', 'c', 'missing']]);
    loads[1]!.release();
    expect(await Promise.all(rest)).toEqual(['value of b', 'value of c', 'value of b', undefined]);
  });

  it('never answers a key from a load that started before it was asked', async () => {
    const { loads, load } = gatedLoader();
    const get = keyBatcher(load, { concurrency: 1 });
    const first = get('a');
    const second = get('a');
    loads[0]!.release();
    await first;
    await tick();
    expect(loads).toHaveLength(2);
    loads[1]!.release();
    expect(await second).toBe('value of a');
  });

  it('fails only the keys of the load that failed', async () => {
    const { loads, load } = gatedLoader();
    const get = keyBatcher(load, { concurrency: 1 });
    const a = get('a');
    const b = get('b');
    loads[0]!.fail(new Error('database gone'));
    await expect(a).rejects.toThrow('database gone');
    await tick();
    loads[1]!.release();
    expect(await b).toBe('value of b');
  });
});

describe.each(testDrivers())('web session records on $name', (driver) => {
  const db = useTestStore(driver);

  it('reads many sessions at once, each with its own data and expiry', async () => {
    const records = databaseSessionRecords(db().store.db, { concurrency: 1 });
    const expiresAt = new Date('2026-11-26T10:30:00.000Z');
    await records.set('sid-1', { user: { username: 'one' } }, expiresAt);
    await records.set('sid-2', { user: { username: 'two' } }, new Date('2026-11-26T11:00:00.000Z'));
    const [one, two, none] = await Promise.all([
      records.get('sid-1'),
      records.get('sid-2'),
      records.get('sid-3'),
    ]);
    expect(one).toEqual({ data: { user: { username: 'one' } }, expiresAt });
    expect(two?.data).toEqual({ user: { username: 'two' } });
    expect(none).toBeNull();
    await records.destroy('sid-1');
    expect(await records.get('sid-1')).toBeNull();
  });
});
