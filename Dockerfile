# syntax=docker/dockerfile:1
# The deploy-gate GitHub App (README: "Hosting the app"). One container, one process:
#   docker build -t deploy-gate-app .
#   docker run -d -p 3000:3000 --env-file app.env deploy-gate-app
#
# The base image is the build argument BASE_IMAGE, and it must be a digest reference
# (`--build-arg BASE_IMAGE=node:20-bookworm-slim@sha256:...`); the build stops otherwise. Its
# default is the stage `pinned-base` below, because Dependabot updates only literal FROM lines (it
# does not resolve ARGs in them: dependabot/dependabot-core#2057), so its `docker` entry
# (.github/dependabot.yml) keeps that digest current. No registry could be reached where this file
# was written: the digest is the node:20-bookworm-slim one pinned in BitGo/BitGoJS's Dockerfile
# (commit 0031451b92dc, November 2024). CI runs deploy-gate's own `images-pinned` check on this file.
ARG BASE_IMAGE=pinned-base

FROM node:20-bookworm-slim@sha256:21de73d5da2d7df0261d1889d74f0e8052997ee67d5fcfb49c32c86cf7d0dd50 AS pinned-base

FROM ${BASE_IMAGE} AS build
ARG BASE_IMAGE
RUN case "$BASE_IMAGE" in pinned-base | *@sha256:*) ;; *) echo "BASE_IMAGE must be pinned by digest (name:tag@sha256:...), not $BASE_IMAGE" >&2; exit 1 ;; esac
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/build.mjs scripts/
COPY src/ src/
RUN npm run build

# The runtime holds the bundle alone: esbuild put Probot and every dependency in dist/app.js.
# package.json stays for its "type": "module", which makes Node load the bundle as ESM.
FROM ${BASE_IMAGE}
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/dist/app.js dist/
USER node
EXPOSE 3000
# /healthz answers 200 only once the app is loaded with checked credentials (never in setup mode).
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`, { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/app.js"]
