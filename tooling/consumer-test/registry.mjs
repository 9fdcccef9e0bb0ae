// A read-only npm registry for one scope, serving packed tarballs, so that the consumer test
// installs `@causal-tune/*` by name exactly as another team would from npmjs.com: npm resolves
// their dependencies on each other through it, and everything else from the real registry
// (npm's `--@causal-tune:registry=<url>`). No install of a registry server is needed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { basename } from 'node:path';

/**
 * Starts the registry on 127.0.0.1 (a free port) for `packages`: `[{ manifest, tarball }]`, the
 * packed package.json and the path of its .tgz. Returns `{ url, close }`.
 */
export async function startScopedRegistry(packages) {
  const byName = new Map();
  const files = new Map();
  let baseUrl = '';
  for (const { manifest, tarball } of packages) {
    const bytes = readFileSync(tarball);
    files.set(`/-/${basename(tarball)}`, bytes);
    byName.set(manifest.name, {
      manifest,
      file: basename(tarball),
      integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
      shasum: createHash('sha1').update(bytes).digest('hex'),
    });
  }
  const packument = ({ manifest, file, integrity, shasum }) => ({
    _id: manifest.name,
    name: manifest.name,
    'dist-tags': { latest: manifest.version },
    versions: {
      [manifest.version]: { ...manifest, _id: `${manifest.name}@${manifest.version}`, dist: { tarball: `${baseUrl}/-/${file}`, integrity, shasum } },
    },
  });
  const server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/');
    const tarball = files.get(path);
    if (tarball !== undefined) {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': tarball.length });
      response.end(tarball);
      return;
    }
    const entry = byName.get(path.slice(1));
    if (entry !== undefined) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(packument(entry)));
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: `not found: ${path}` }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  return { url: `${baseUrl}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}
