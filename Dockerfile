# NextModel gateway: one stateless replica. State lives in PostgreSQL + Redis (NEXTMODEL_DATABASE_URL,
# NEXTMODEL_REDIS_URL) or, for a single machine, SQLite in /data.
FROM node:22-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles against these headers when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXTMODEL_HOST=0.0.0.0 NEXTMODEL_PORT=8787 NEXTMODEL_DATA_DIR=/data
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/data ./data
COPY --from=build /app/package.json ./package.json
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8787
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:8787/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# SIGTERM drains in-flight requests (server.drain_timeout_ms) before exit.
STOPSIGNAL SIGTERM
CMD ["node", "bin/nextmodel.js", "serve"]
