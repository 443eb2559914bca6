import type { FastifyInstance } from 'fastify';
import type { GatewayServices } from '../../inference/gateway-services.js';

/** GET /v1/admin/statements/{yyyy-mm}?team= (placeholder until statements land). */
export function registerAdminStatements(_app: FastifyInstance, _services: GatewayServices): void {}
