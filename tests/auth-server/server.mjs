// A real BetterAuth server for nt3's account tests: email and password sign-in, the
// organization plugin, and the API-key plugin minting `entri_` keys, with the Entri
// routes nt3 needs answered by code that checks the key through BetterAuth itself.
//
// It is also a small stand-in for Entri to try nt3 with no account (`scripts/try.sh`):
// one project, `proj_web`, whose languages and files nt3 can push and pull. It keeps each
// file as it was last imported, for each language and namespace, with an ETag; Entri
// itself keeps keys. A test and demo server, not a product.
//
//   node tests/auth-server/server.mjs      prints {"port": N} once it listens
//
// `PORT=<n>` listens on that loopback port instead of an ephemeral one.
// With `DEVICE_AUTH=off` it has no device authorization endpoints (`nt3 login --web`).
// With `ACCOUNT_ROUTES=off` it has no organization or token routes, as a server built
// from BetterAuth's API-key quick start: keys are minted with `/api/auth/api-key/create`.
//
// It listens on an ephemeral loopback port and keeps everything in memory. One user is
// seeded: ada@example.com / "correct horse battery staple", owner of organization Acme.

import { createHash } from "node:crypto";
import http from "node:http";
import { betterAuth } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";
import { bearer, organization } from "better-auth/plugins";
import { deviceAuthorization } from "better-auth/plugins/device-authorization";
import { toNodeHandler } from "better-auth/node";
import { apiKey } from "@better-auth/api-key";

export const USER = {
  name: "Ada Lovelace",
  email: "ada@example.com",
  password: "correct horse battery staple",
};

const server = http.createServer();
await new Promise((ready) => server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", ready));
const { port } = server.address();
const origin = `http://127.0.0.1:${port}`;

const auth = betterAuth({
  baseURL: origin,
  secret: "nt3-test-server-secret-not-for-production-use-0123456789",
  database: memoryAdapter({
    user: [],
    session: [],
    account: [],
    verification: [],
    organization: [],
    member: [],
    invitation: [],
    apikey: [],
  }),
  emailAndPassword: { enabled: true },
  // The framework's own limiter counts per IP; every test client is 127.0.0.1.
  rateLimit: { enabled: false },
  plugins: [
    organization(),
    // RFC 8628 browser sign-in; polled every second so tests stay quick.
    deviceAuthorization({ interval: "1s", expiresIn: "5m" }),
    // The device flow's access token is a session token sent as a bearer token.
    bearer(),
    apiKey({
      defaultPrefix: "entri_",
      enableSessionForAPIKeys: true,
      enableMetadata: true,
      // The plugin's own default is 10 a day; tests set a limit they can reach with
      // `KEY_RATE_LIMIT=<requests>/<seconds>`.
      rateLimit: keyRateLimit(process.env.KEY_RATE_LIMIT ?? "1000/60"),
    }),
  ],
});

function keyRateLimit(spec) {
  const [maxRequests, seconds] = spec.split("/").map(Number);
  return { enabled: true, maxRequests, timeWindow: seconds * 1000 };
}

const authHandler = toNodeHandler(auth);

// The seeded user and organization.
const signedUp = await auth.api.signUpEmail({ body: USER, returnHeaders: true });
const seedHeaders = new Headers({ cookie: cookieOf(signedUp.headers) });
const acme = await auth.api.createOrganization({
  body: { name: "Acme", slug: "acme" },
  headers: seedHeaders,
});

await auth.api.signOut({ headers: seedHeaders });

function cookieOf(headers) {
  return headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
}

function send(res, status, body, extra = {}) {
  res.writeHead(status, { "content-type": "application/json", ...extra });
  res.end(JSON.stringify(body));
}

async function readJson(req) {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

function headersOf(req) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  return headers;
}

// The caller's session: from the cookie, or from `X-API-Key` (the plugin checks the key,
// its expiry, whether it is enabled, and its rate limit).
async function caller(req, res) {
  try {
    const session = await auth.api.getSession({ headers: headersOf(req) });
    if (session) return session;
    send(res, 401, { message: "Invalid API key" });
  } catch (err) {
    const status = err.statusCode ?? 401;
    const body = { message: err.body?.message ?? err.message, code: err.body?.code };
    const extra = {};
    if (status === 429 && err.body?.details?.tryAgainIn) {
      extra["retry-after"] = String(Math.ceil(err.body.details.tryAgainIn / 1000));
    }
    send(res, status, body, extra);
  }
  return null;
}

function tokenView(key) {
  return {
    _id: key.id,
    name: key.name,
    createdAt: new Date(key.createdAt).toISOString(),
    expiresAt: key.expiresAt ? new Date(key.expiresAt).toISOString() : null,
    lastUsedAt: key.lastRequest ? new Date(key.lastRequest).toISOString() : null,
    lastFour: null,
    preview: key.start ?? null,
    scopes: key.metadata?.scopes ?? null,
  };
}

const accountRoutes = process.env.ACCOUNT_ROUTES !== "off";

async function entri(req, res) {
  const url = new URL(req.url, origin);
  // For the tests: Ada approves a device code, as she would in the browser.
  if (req.method === "POST" && url.pathname === "/test/approve") {
    const { userCode } = await readJson(req);
    const signedIn = await auth.api.signInEmail({
      body: { email: USER.email, password: USER.password },
      returnHeaders: true,
    });
    const headers = new Headers({ cookie: cookieOf(signedIn.headers) });
    // Opening the verification page claims the code for her; then she approves it.
    await auth.api.deviceVerify({ query: { user_code: userCode }, headers });
    await auth.api.deviceApprove({ body: { userCode }, headers });
    await auth.api.signOut({ headers });
    return send(res, 200, { approved: true });
  }
  // For the tests: how many sessions the database holds (nt3 must sign its own out).
  if (req.method === "GET" && url.pathname === "/test/sessions") {
    const ctx = await auth.$context;
    const sessions = await ctx.adapter.findMany({ model: "session" });
    return send(res, 200, { sessions: sessions.length });
  }
  const session = await caller(req, res);
  if (!session) return;
  const headers = headersOf(req);

  if (req.method === "GET" && url.pathname === "/api/v1/projects") {
    return send(res, 200, {
      data: [project],
      meta: { page: 1, limit: 200, total: 1, totalPages: 1 },
    });
  }
  const synced = url.pathname.match(/^\/api\/v1\/projects\/proj_web(?:\/(languages|import|export)(?:\/([^/]+))?)?$/);
  if (synced) return sync(req, res, url, synced[1], synced[2]);
  if (req.method === "GET" && url.pathname === "/api/user/me") {
    const { id, name, email } = session.user;
    return send(res, 200, { _id: id, name, email });
  }
  // Which token is making the request: BetterAuth verifies the key itself and answers
  // with its entry (this server stores only a key's first characters, so nothing else
  // could tell two keys apart). nt3's `tokens rotate` and `status --check` ask here.
  // CURRENT_ROUTE=off: a server built from the public API reference, which lacks it.
  if (req.method === "GET" && url.pathname === "/api/v1/tokens/current" && process.env.CURRENT_ROUTE !== "off") {
    const key = req.headers["x-api-key"];
    const verified = typeof key === "string" ? await auth.api.verifyApiKey({ body: { key } }) : null;
    if (!verified?.valid || !verified.key) return send(res, 401, { message: "Invalid API key" });
    return send(res, 200, tokenView(verified.key));
  }
  const accountRoute =
    url.pathname === "/api/user/organizations" || url.pathname.startsWith("/api/v1/organizations/");
  if (accountRoute && !accountRoutes) {
    return send(res, 404, { message: "Not found" });
  }
  if (req.method === "GET" && url.pathname === "/api/user/organizations") {
    const organizations = await auth.api.listOrganizations({ headers });
    return send(res, 200, { data: organizations.map((o) => ({ _id: o.id, name: o.name })) });
  }
  const tokens = url.pathname.match(/^\/api\/v1\/organizations\/([^/]+)\/tokens(?:\/([^/]+))?$/);
  if (tokens && tokens[1] === acme.id) {
    const [, , keyId] = tokens;
    if (req.method === "GET" && !keyId) {
      const keys = await auth.api.listApiKeys({ headers });
      const list = Array.isArray(keys) ? keys : keys.apiKeys;
      return send(res, 200, {
        data: list.map(tokenView),
        meta: { page: 1, limit: 200, total: list.length, totalPages: 1 },
      });
    }
    if (req.method === "POST" && !keyId) {
      const body = await readJson(req);
      const expiresIn = body.expiresAt
        ? Math.round((Date.parse(body.expiresAt) - Date.now()) / 1000)
        : undefined;
      const key = await auth.api.createApiKey({
        body: {
          name: body.name,
          expiresIn,
          userId: session.user.id,
          metadata: { scopes: body.scopes ?? null },
        },
      });
      return send(res, 201, { data: { ...tokenView(key), token: key.key } });
    }
    if (req.method === "DELETE" && keyId) {
      await auth.api.deleteApiKey({ body: { keyId }, headers });
      res.writeHead(204).end();
      return;
    }
  }
  send(res, 404, { message: "Not found" });
}

// The project nt3 syncs with, and its files by language and namespace.
const project = {
  _id: "proj_web",
  name: "Website",
  organization: acme.id,
  sourceLanguage: "en",
  targetLanguages: ["de", "fr"],
};
const files = new Map();

async function sync(req, res, url, route, language) {
  if (req.method === "GET" && !route) return send(res, 200, project);
  if (req.method === "POST" && route === "languages" && !language) {
    const body = await readJson(req);
    const known = [project.sourceLanguage, ...project.targetLanguages];
    if (typeof body.language !== "string") return send(res, 400, { message: "language is required" });
    if (!known.includes(body.language)) project.targetLanguages.push(body.language);
    return send(res, 201, { success: true });
  }
  if (req.method === "POST" && route === "import" && !language) {
    const body = await readJson(req);
    if (typeof body.language !== "string" || typeof body.content !== "string") {
      return send(res, 400, { message: "language and content are required" });
    }
    const key = `${body.language}\0${body.namespace ?? ""}`;
    const etag = `"${createHash("sha256").update(body.content).digest("hex").slice(0, 16)}"`;
    files.set(key, { format: body.format, content: body.content, etag });
    return send(res, 201, { success: true });
  }
  if (req.method === "GET" && route === "export" && language) {
    const key = `${decodeURIComponent(language)}\0${url.searchParams.get("namespace") ?? ""}`;
    const file = files.get(key);
    if (!file) return send(res, 404, { message: "Nothing exported for this language yet" });
    if (req.headers["if-none-match"] === file.etag) {
      res.writeHead(304, { etag: file.etag }).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8", etag: file.etag });
    res.end(file.content);
    return;
  }
  send(res, 404, { message: "Not found" });
}

const deviceAuth = process.env.DEVICE_AUTH !== "off";

server.on("request", (req, res) => {
  if (!deviceAuth && req.url.startsWith("/api/auth/device")) {
    return send(res, 404, { message: "Not found" });
  }
  if (process.env.TRACE) process.stderr.write(`${req.method} ${req.url}\n`);
  if (req.url.startsWith("/api/auth/")) return authHandler(req, res);
  entri(req, res).catch((err) => {
    send(res, err.statusCode ?? 500, { message: err.body?.message ?? String(err.message) });
  });
});

process.stdout.write(`${JSON.stringify({ port })}\n`);
