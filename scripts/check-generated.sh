#!/usr/bin/env bash
# Regenerates every generated artefact that is committed and fails when any differs from the
# commit (or is new or deleted): the OpenAPI document, the typed TypeScript API client (made by
# `npm run openapi`) and the Dart schema classes (issue 15 §4).
# Run by .ci/run after the build; run it yourself (`npm run check:generated`) before committing
# a change to the routes or to src/schema.
set -euo pipefail
cd "$(dirname "$0")/.."

GENERATED=(docs/openapi.json clients/ts clients/dart)

npm run -s openapi >/dev/null
npm run -s clients:dart >/dev/null

changes="$(git status --porcelain -- "${GENERATED[@]}")"
if [ -n "$changes" ]; then
  echo "Generated files differ from the commit: run \`npm run openapi\` and \`npm run clients:dart\`, then commit them." >&2
  echo "$changes" >&2
  git --no-pager diff --stat -- "${GENERATED[@]}" >&2
  exit 1
fi
echo "generated files are up to date: ${GENERATED[*]}"
