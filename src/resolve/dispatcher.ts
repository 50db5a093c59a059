import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { buildConnector, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { createAddressGuard, PrivateAddressError, type AddressGuard, type AddressPolicy } from './address-guard.js';

export interface DispatcherOptions {
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  policy: AddressPolicy;
  /** Accept invalid, expired, self-signed and wrong-host certificates. */
  insecure: boolean;
  /** Extra socket options: a CA trusted instead of Node's store, a stand-in DNS lookup (tests use both). */
  connect?: { ca?: string | Buffer; lookup?: LookupFunction };
}

/**
 * A DNS lookup that drops private answers, so a public name that resolves to a private
 * address is refused before any byte is sent; with none left it fails with the guard's code.
 */
function guardedLookup(guard: AddressGuard, lookup: LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, options, (err, address, family) => {
      if (err !== null) return callback(err, address, family);
      if (Array.isArray(address)) {
        const open = address.filter((a) => !guard.refuses(hostname, a.address));
        if (open.length === 0) return callback(new PrivateAddressError(hostname, address[0]?.address ?? ''), []);
        return callback(null, open);
      }
      if (guard.refuses(hostname, address)) return callback(new PrivateAddressError(hostname, address), '', family);
      return callback(null, address, family);
    });
  };
}

/**
 * The connector every direct connection goes through: after connecting, the socket's remote
 * address is checked, whatever resolved it (the guarded lookup has normally refused already).
 */
export function guardedConnector(guard: AddressGuard, options: buildConnector.BuildOptions): buildConnector.connector {
  const inner = buildConnector(options);
  return (opts, callback) => {
    const host = opts.hostname;
    inner(opts, (...args) => {
      const [err, socket] = args;
      if (err !== null) return callback(err, null);
      const address = socket.remoteAddress;
      if (address !== undefined && guard.refuses(host, address)) {
        socket.destroy();
        return callback(new PrivateAddressError(host, address), null);
      }
      return callback(null, socket);
    });
  };
}

type Literal = { host: string; address: string } | null;

/** The address a URL's host names without DNS: an IP literal, or loopback for `localhost` names (RFC 6761 §6.3). */
function literalAddress(origin: string): Literal {
  let host: string;
  try {
    host = new URL(origin).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return null;
  }
  if (isIP(host) !== 0) return { host, address: host };
  return /(^|\.)localhost\.?$/i.test(host) ? { host, address: '127.0.0.1' } : null;
}

/** Origins looked at, at most this many kept: a run asks about the same few hundred hosts over and over. */
const KNOWN_ORIGINS = 4096;

/**
 * The env proxy agent, refusing a private IP-literal or `localhost` URL before it is
 * dispatched, so no socket is opened for it; behind a proxy this is the only check that can
 * be made. (A subclass rather than an interceptor: `compose` hides the request's handler,
 * which fetch-hop reads the socket's address through.)
 */
class GuardedAgent extends EnvHttpProxyAgent {
  readonly #guard: AddressGuard;
  /** Each origin's literal address: parsing the origin for every request was 0.6 % of the main thread in a 10,000-URL check (perf). */
  readonly #literals = new Map<string, Literal>();

  constructor(guard: AddressGuard, options: EnvHttpProxyAgent.Options) {
    super(options);
    this.#guard = guard;
  }

  override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const origin = String(opts.origin);
    let literal = this.#literals.get(origin);
    if (literal === undefined) {
      if (this.#literals.size >= KNOWN_ORIGINS) this.#literals.clear();
      literal = literalAddress(origin);
      this.#literals.set(origin, literal);
    }
    if (literal !== null && this.#guard.refuses(literal.host, literal.address)) throw new PrivateAddressError(literal.host, literal.address);
    return super.dispatch(opts, handler);
  }
}

/**
 * The resolver's default dispatcher: honours HTTP(S)_PROXY/NO_PROXY (read once, here) and
 * Node's CA store (which includes NODE_EXTRA_CA_CERTS). Through a proxy the connector sees only
 * the proxy: undici's ProxyAgent replaces the `connect` function with its CONNECT tunnel and
 * the proxy resolves the names, so only IP-literal and `localhost` URLs are refused there;
 * names resolving to private addresses are then the proxy's to refuse.
 */
export function createDispatcher(o: DispatcherOptions): Dispatcher {
  const guard = createAddressGuard(o.policy);
  const tls = { rejectUnauthorized: !o.insecure, ...(o.connect?.ca === undefined ? {} : { ca: o.connect.ca }) };
  const lookup = guardedLookup(guard, o.connect?.lookup ?? (dns.lookup as LookupFunction));
  const connect = guardedConnector(guard, { timeout: o.connectTimeoutMs, ...tls, lookup });
  // requestTls reaches the tunnelled TLS of proxied https requests, which ignore `connect`.
  // NO_PROXY given here: left to undici, it is read from process.env again for every request
  // (a call into C++ each time; 53 ms of a 10,000-URL run's CPU profile).
  const noProxy = process.env['no_proxy'] ?? process.env['NO_PROXY'] ?? '';
  return new GuardedAgent(guard, { connect, requestTls: tls, noProxy, headersTimeout: o.headersTimeoutMs, bodyTimeout: o.requestTimeoutMs });
}
