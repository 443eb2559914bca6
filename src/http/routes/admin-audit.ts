import type { FastifyInstance } from 'fastify';
import type { GatewayServices } from '../../inference/gateway-services.js';

/** GET /v1/admin/audit (placeholder until the hash-chained audit log lands). */
export function registerAdminAudit(_app: FastifyInstance, _services: GatewayServices): void {}
