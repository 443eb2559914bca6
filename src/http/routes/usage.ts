import type { FastifyInstance } from 'fastify';
import type { GatewayServices } from '../../inference/gateway-services.js';

/** GET /v1/usage, GET /v1/usage/export, GET /v1/key (placeholder until usage lands). */
export function registerUsage(_app: FastifyInstance, _services: GatewayServices): void {}
