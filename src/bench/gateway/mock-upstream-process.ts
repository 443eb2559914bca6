import { reportStartFailure, selfSample, serveParent } from './bench-ipc.js';
import { BenchMockUpstream, type MockMode } from './mock-upstream-server.js';

/** Child-process entry: the bench mock upstream on a loopback port, driven over IPC. */

async function main(): Promise<void> {
  const mock = new BenchMockUpstream();
  const port = await mock.start();
  serveParent({ port }, async (req) => {
    switch (req.type) {
      case 'sample': {
        const { requests, openStreams, peakOpenStreams } = mock.stats;
        const sample = selfSample({ requests, openStreams, peakOpenStreams });
        if (req.resetPeak) mock.resetPeak();
        return sample;
      }
      case 'mode':
        mock.mode = req.mode as MockMode;
        return null;
      case 'seed-receipts':
        throw new Error('the mock keeps no receipts');
      case 'stop':
        await mock.stop();
        return null;
      default: {
        const unreachable: never = req;
        return unreachable;
      }
    }
  });
}

main().catch(reportStartFailure);
