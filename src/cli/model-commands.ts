import type { Command } from 'commander';
import { Catalog } from '../catalog/catalog.js';
import { loadConfig } from '../config/load-config.js';
import { printJsonOrTable } from './cli-support.js';

export function registerModelCommands(program: Command): void {
  const models = program.command('models').description('the model catalog');
  models
    .command('list', { isDefault: true })
    .description('list catalog models with prices')
    .option('--all', 'include retired models')
    .option('--json', 'print JSON')
    .action(function (this: Command, opts: { all?: boolean; json?: boolean }) {
      let root: Command = this;
      while (root.parent) root = root.parent;
      const config = loadConfig({ path: root.opts().config });
      const catalog = config.models.length ? Catalog.loadDefault().withOverrides(config.models) : Catalog.loadDefault();
      const list = catalog.list().filter((m) => opts.all || m.status !== 'retired');
      if (opts.json) {
        process.stdout.write(JSON.stringify(list, null, 2) + '\n');
        return;
      }
      const usd = (n: number | null) => (n === null ? '-' : `$${n}`);
      printJsonOrTable(
        false,
        list.map((m) => ({
          id: m.id,
          provider: m.provider,
          source: m.source_region,
          status: m.status,
          'in/1M': usd(m.pricing.input_usd_per_mtok) + (m.pricing.input_usd_per_mtok === null && m.pricing.input_cny_per_mtok !== null ? ` (¥${m.pricing.input_cny_per_mtok})` : ''),
          'out/1M': usd(m.pricing.output_usd_per_mtok) + (m.pricing.output_usd_per_mtok === null && m.pricing.output_cny_per_mtok !== null ? ` (¥${m.pricing.output_cny_per_mtok})` : ''),
          context: m.context_window ?? '-',
        })),
        ['id', 'provider', 'source', 'status', 'in/1M', 'out/1M', 'context'],
      );
    });
}
