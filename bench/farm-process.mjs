/**
 * The farm in a process of its own, for the benchmark run: the driver's heap (a 10 MB
 * document, 100,000 expected statuses) then cannot pause the farm's event loop for garbage
 * collection, which would hold requests back and let them arrive in a burst, making polite
 * gaps look short. Same interface as startFarm, with stats() and reset() asynchronous.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeLayout } from './plan.mjs';

const SELF = fileURLToPath(import.meta.url);

/** @param {Parameters<typeof import('./farm.mjs').startFarm>[0]} options */
export async function startFarmProcess(options) {
  const child = fork(SELF, ['--child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 0;
  const pending = new Map();
  child.on('message', (m) => {
    pending.get(m.id)?.(m.value);
    pending.delete(m.id);
  });
  const call = (op, arg) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, resolve);
      child.send({ id, op, arg }, (error) => error && reject(error));
    });
  const started = await call('start', options);
  const { latencyMs = 50, jitterMs = 20, seed = 1 } = options;
  return {
    layout: makeLayout({ seed, latencyMs, jitterMs, origins: started.origins }),
    origins: started.origins,
    addressing: started.addressing,
    /** @returns {Promise<import('./farm.mjs').HostStats[]>} */
    stats: () => call('stats'),
    /** @returns {Promise<{ maxInFlight: number, firstArrivalAt: number | null, lastAnswerAt: number | null }>} */
    overall: () => call('overall'),
    /** @param {{ shortGapMs?: number }} [o] */
    reset: (o) => call('reset', o),
    close: async () => {
      await call('close');
      child.disconnect();
    },
  };
}

async function serve() {
  const { startFarm } = await import('./farm.mjs');
  let farm = null;
  process.on('message', async ({ id, op, arg }) => {
    let value = null;
    if (op === 'start') {
      farm = await startFarm(arg);
      value = { origins: farm.origins, addressing: farm.addressing };
    } else if (op === 'stats') value = farm.stats();
    else if (op === 'overall') value = farm.overall();
    else if (op === 'reset') farm.reset(arg);
    else if (op === 'close') await farm.close();
    process.send({ id, value });
  });
}

if (process.argv[2] === '--child') await serve();
