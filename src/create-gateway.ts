import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Catalog } from './catalog/catalog.js';
import type { Config } from './config/config-schema.js';
import { loadOrCreateSigner } from './billing/signing-keys.js';
import { migrateToLatest, openDatabase, resolveDatabaseUrl, type OpenedDatabase } from './db/open-database.js';
import type { GatewayServices } from './inference/gateway-services.js';
import { SecretBox } from './keys/secret-box.js';
import { silentLogger, type Logger } from './observability/logger.js';
import { ProviderRegistry } from './providers/provider-registry.js';
import { buildApp, type AppOptions } from './app.js';

export interface Gateway {
  services: GatewayServices;
  app: FastifyInstance;
  database: OpenedDatabase;
  close(): Promise<void>;
}

export function secretBoxFor(config: Config): SecretBox {
  return config.security.master_key ? SecretBox.fromMasterKey(config.security.master_key) : SecretBox.fromDataDir(resolve(config.storage.data_dir));
}

/** config → store (migrated) → services → app. Used by `serve`, the CLI and tests alike. */
export async function createGateway(config: Config, options: AppOptions & { log?: Logger } = {}): Promise<Gateway> {
  const database = await openDatabase(resolveDatabaseUrl(config.storage.database_url, config.storage.data_dir));
  try {
    await migrateToLatest(database.db);
    const catalog = config.models.length ? Catalog.loadDefault().withOverrides(config.models) : Catalog.loadDefault();
    const signer = await loadOrCreateSigner(database.db, secretBoxFor(config));
    const services: GatewayServices = {
      config,
      db: database.db,
      catalog,
      providers: new ProviderRegistry(config),
      signer,
      log: options.log ?? silentLogger,
    };
    const app = buildApp(services, options);
    if (!options.log) services.log = app.log;
    return {
      services,
      app,
      database,
      close: async () => {
        await app.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
