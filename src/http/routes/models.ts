import type { FastifyInstance } from 'fastify';
import type { CatalogModel } from '../../catalog/catalog.js';
import { authenticate } from '../../keys/authenticate.js';
import type { GatewayServices } from '../../inference/gateway-services.js';
import { modelNotFound } from '../../openai/errors.js';

/** OpenAI's model object plus our catalog fields (SPEC §9), with INR prices at the reference rate. */
export function modelView(model: CatalogModel, usdInr: number, catalogVersion: string) {
  const inr = (usd: number | null) => (usd === null ? null : Math.round(usd * usdInr * 10_000) / 10_000);
  return {
    object: 'model' as const,
    created: Math.floor(Date.parse(`${model.as_of}T00:00:00Z`) / 1000),
    owned_by: model.provider,
    ...model,
    pricing: {
      ...model.pricing,
      input_inr_per_mtok: inr(model.pricing.input_usd_per_mtok),
      output_inr_per_mtok: inr(model.pricing.output_usd_per_mtok),
      cached_input_inr_per_mtok: inr(model.pricing.cached_input_usd_per_mtok),
      usd_inr: usdInr,
    },
    catalog_version: catalogVersion,
  };
}

export function registerModels(app: FastifyInstance, services: GatewayServices): void {
  app.get('/v1/models', async (request) => {
    await authenticate(services.db, request.headers.authorization, services.tenancy);
    const query = request.query as { include_retired?: string };
    const models = services.catalog.list().filter((m) => query.include_retired === 'true' || m.status !== 'retired');
    return { object: 'list', data: models.map((m) => modelView(m, services.config.billing.usd_inr, services.catalog.version)) };
  });

  app.get('/v1/models/*', async (request) => {
    await authenticate(services.db, request.headers.authorization, services.tenancy);
    const id = (request.params as { '*': string })['*'];
    const model = services.catalog.resolve(id);
    if (!model) throw modelNotFound(id);
    return modelView(model, services.config.billing.usd_inr, services.catalog.version);
  });
}
