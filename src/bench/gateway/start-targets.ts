import type { BenchSettings } from './bench-settings.js';
import { forkBenchProcess, type BenchProcess, type MeasuredProcess } from './bench-process.js';
import { CHAT_PATH, loopbackOrigin, type BenchTarget, type TargetName } from './bench-target.js';
import { childEntry } from './child-entry.js';
import { installPortkey, portkeyHeaders, startPortkey } from './portkey-peer.js';

/**
 * Starts the processes of a run — the mock, the governed gateway, the ungoverned variant, the
 * peer — and describes each as a target. Gateways can be restarted on a fresh store between
 * scenarios (their per-request cost depends on how many receipts the store already holds). The
 * peer is best effort: if it cannot be installed or started, the run goes on and says why.
 */

export interface PeerStatus {
  status: 'ran' | 'skipped' | 'failed';
  detail: string;
}

export interface StartedTargets {
  mock: BenchProcess;
  /** The current targets; restartGateways() replaces the gateway entries. */
  targets: BenchTarget[];
  peer: PeerStatus;
  /** Each gateway replaced by a new process on an empty store; returns the new gateway targets. */
  restartGateways(): Promise<BenchTarget[]>;
  /** Adds `count` receipts of history to every gateway's store. */
  seedReceipts(count: number): Promise<void>;
  stopAll(): Promise<void>;
}

type GatewayName = Extract<TargetName, 'gateway' | 'gateway-ungoverned'>;

async function startGateway(name: GatewayName, upstream: string, execArgv: string[] = []): Promise<BenchProcess> {
  return forkBenchProcess(name, childEntry('gateway-process'), {
    env: { NEXTMODEL_BENCH_UPSTREAM: upstream, NEXTMODEL_BENCH_GOVERNANCE: name === 'gateway' ? 'on' : 'off' },
    execArgv,
  });
}

export function gatewayTarget(name: GatewayName, gateway: BenchProcess): BenchTarget {
  return { name, origin: loopbackOrigin(gateway.port), path: CHAT_PATH, headers: { authorization: `Bearer ${gateway.info.projectKey ?? ''}` }, process: gateway };
}

export function directTarget(mock: BenchProcess): BenchTarget {
  return { name: 'direct', origin: loopbackOrigin(mock.port), path: CHAT_PATH, headers: { authorization: 'Bearer sk-bench-upstream-0000000000000000' }, process: mock };
}

export async function startMock(): Promise<BenchProcess> {
  return forkBenchProcess('mock', childEntry('mock-upstream-process'));
}

/** The governed gateway alone (profiling). */
export async function startGatewayTarget(mock: BenchProcess, execArgv: string[] = []): Promise<BenchTarget> {
  return gatewayTarget('gateway', await startGateway('gateway', `${loopbackOrigin(mock.port)}/v1`, execArgv));
}

export async function startTargets(s: BenchSettings, log: (line: string) => void): Promise<StartedTargets> {
  const others: MeasuredProcess[] = [];
  const gateways = new Map<GatewayName, BenchProcess>();
  const stopAll = async () => {
    await Promise.allSettled([...gateways.values()].map((g) => g.stop()));
    await Promise.allSettled(others.reverse().map((p) => p.stop()));
  };
  try {
    const mock = await startMock();
    others.push(mock);
    const upstream = `${loopbackOrigin(mock.port)}/v1`;
    const names: GatewayName[] = s.ungoverned ? ['gateway', 'gateway-ungoverned'] : ['gateway'];
    for (const name of names) gateways.set(name, await startGateway(name, upstream));
    const targets: BenchTarget[] = [directTarget(mock), ...names.map((n) => gatewayTarget(n, gateways.get(n) as BenchProcess))];
    if (s.floor) {
      const floor = await forkBenchProcess('node-floor', childEntry('floor-proxy-process'), { env: { NEXTMODEL_BENCH_UPSTREAM: upstream } });
      others.push(floor);
      targets.push({ name: 'node-floor', origin: loopbackOrigin(floor.port), path: CHAT_PATH, headers: { authorization: 'Bearer sk-bench-upstream-0000000000000000' }, process: floor });
    }
    let peer: PeerStatus = { status: 'skipped', detail: 'not requested (--peer)' };
    if (s.peer) {
      try {
        const portkey = await startPortkey(await installPortkey(log));
        others.push(portkey);
        targets.push({ name: 'portkey', origin: loopbackOrigin(portkey.port), path: CHAT_PATH, headers: portkeyHeaders(upstream), process: portkey });
        peer = { status: 'ran', detail: '' };
      } catch (err) {
        peer = { status: 'failed', detail: (err as Error).message.split('\n')[0] ?? 'unknown error' };
        log(`peer baseline unavailable: ${(err as Error).message}`);
      }
    }
    const started: StartedTargets = {
      mock,
      targets,
      peer,
      stopAll,
      restartGateways: async () => {
        const fresh: BenchTarget[] = [];
        for (const name of names) {
          await gateways.get(name)?.stop();
          gateways.delete(name);
          const next = await startGateway(name, upstream);
          gateways.set(name, next);
          const target = gatewayTarget(name, next);
          started.targets = started.targets.map((t) => (t.name === name ? target : t));
          fresh.push(target);
        }
        return fresh;
      },
      seedReceipts: async (count) => {
        for (const g of gateways.values()) await g.request({ type: 'seed-receipts', count });
      },
    };
    return started;
  } catch (err) {
    await stopAll();
    throw err;
  }
}
