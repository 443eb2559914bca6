import type { BenchSettings } from './bench-settings.js';
import { forkBenchProcess, type BenchProcess, type MeasuredProcess } from './bench-process.js';
import { CHAT_PATH, loopbackOrigin, type BenchTarget, type TargetName } from './bench-target.js';
import { childEntry } from './child-entry.js';
import { installPortkey, portkeyHeaders, startPortkey } from './portkey-peer.js';

/**
 * Starts the processes of a run — the mock, the governed gateway, the ungoverned variant, the
 * peer — and describes each as a target. The peer is best effort: if it cannot be installed or
 * started, the run goes on without it and says why.
 */

export interface PeerStatus {
  status: 'ran' | 'skipped' | 'failed';
  detail: string;
}

export interface StartedTargets {
  mock: BenchProcess;
  targets: BenchTarget[];
  peer: PeerStatus;
  stopAll(): Promise<void>;
}

async function startGateway(name: TargetName, upstream: string, governed: boolean, execArgv: string[] = []): Promise<BenchProcess> {
  return forkBenchProcess(name, childEntry('gateway-process'), {
    env: { NEXTMODEL_BENCH_UPSTREAM: upstream, NEXTMODEL_BENCH_GOVERNANCE: governed ? 'on' : 'off' },
    execArgv,
  });
}

export function gatewayTarget(name: TargetName, gateway: BenchProcess): BenchTarget {
  return { name, origin: loopbackOrigin(gateway.port), path: CHAT_PATH, headers: { authorization: `Bearer ${gateway.info.projectKey ?? ''}` }, process: gateway };
}

export function directTarget(mock: BenchProcess): BenchTarget {
  return { name: 'direct', origin: loopbackOrigin(mock.port), path: CHAT_PATH, headers: { authorization: 'Bearer sk-bench-upstream-0000000000000000' }, process: mock };
}

export async function startMock(): Promise<BenchProcess> {
  return forkBenchProcess('mock', childEntry('mock-upstream-process'));
}

export async function startGatewayTarget(mock: BenchProcess, execArgv: string[] = []): Promise<BenchTarget> {
  return gatewayTarget('gateway', await startGateway('gateway', `${loopbackOrigin(mock.port)}/v1`, true, execArgv));
}

export async function startTargets(s: BenchSettings, log: (line: string) => void): Promise<StartedTargets> {
  const started: MeasuredProcess[] = [];
  const stopAll = async () => {
    await Promise.allSettled(started.reverse().map((p) => p.stop()));
  };
  try {
    const mock = await startMock();
    started.push(mock);
    const upstream = `${loopbackOrigin(mock.port)}/v1`;
    const targets: BenchTarget[] = [directTarget(mock)];
    const gateway = await startGateway('gateway', upstream, true);
    started.push(gateway);
    targets.push(gatewayTarget('gateway', gateway));
    if (s.ungoverned) {
      const ungoverned = await startGateway('gateway-ungoverned', upstream, false);
      started.push(ungoverned);
      targets.push(gatewayTarget('gateway-ungoverned', ungoverned));
    }
    let peer: PeerStatus = { status: 'skipped', detail: 'not requested (--peer)' };
    if (s.peer) {
      try {
        const portkey = await startPortkey(await installPortkey(log));
        started.push(portkey);
        targets.push({ name: 'portkey', origin: loopbackOrigin(portkey.port), path: CHAT_PATH, headers: portkeyHeaders(upstream), process: portkey });
        peer = { status: 'ran', detail: '' };
      } catch (err) {
        peer = { status: 'failed', detail: (err as Error).message.split('\n')[0] ?? 'unknown error' };
        log(`peer baseline unavailable: ${(err as Error).message}`);
      }
    }
    return { mock, targets, peer, stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
