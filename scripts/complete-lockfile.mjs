// Adds lockfile entries for platform-specific optional packages that the registry this project
// is developed against does not serve (macOS/Windows builds of @next/swc, tailwind's oxide…).
// Without them `npm ci` refuses the lockfile as "out of sync". Each entry names its os/cpu, so
// npm skips it on other platforms and fetches it by version where it applies.
// Run after every `npm install` that changes dependencies: node scripts/complete-lockfile.mjs
import fs from 'node:fs';

const OSES = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony', 'sunos', 'aix', 'netbsd', 'openbsd'];
const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'wasm32'];

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages;
let added = 0;

for (const [location, node] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(node.optionalDependencies ?? {})) {
    // npm resolves a dependency next to its parent first, then at the top level.
    const nested = `${location}/node_modules/${dep}`;
    const top = `node_modules/${dep}`;
    if (packages[nested] || packages[top]) continue;
    const name = dep.split('/').pop();
    const os = OSES.find((o) => name.includes(o));
    const cpu = CPUS.find((c) => new RegExp(`(^|-)${c}($|-|eabi|gnu|msvc|musl)`).test(name));
    if (!os && !cpu) continue; // not a platform build: a genuinely missing package, leave it to npm
    packages[top] = { version, optional: true, ...(os ? { os: [os] } : {}), ...(cpu ? { cpu: [cpu] } : {}) };
    added++;
  }
}

fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform entr${added === 1 ? 'y' : 'ies'}`);
