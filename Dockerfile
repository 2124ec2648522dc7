# Diwan game server image. Runs exactly the commands CI proves: `npm ci`, `npm run build`
# (the server and the web client in dist/web), then `node dist/src/index.js` (what `npm start`
# runs after building).
# Node 22: the @colyseus/* 0.18 packages declare node >= 22.

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
COPY web ./web
COPY clients ./clients
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=2567 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 2567
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||2567)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM → graceful shutdown (games are persisted); give it time before SIGKILL (compose stop_grace_period).
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/index.js"]
