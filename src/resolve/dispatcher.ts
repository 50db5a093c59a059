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
  /** Extra socket options: a CA to trust, a stand-in DNS lookup (tests use both). */
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
 * The connector every direct connection goes through. IP-literal URLs are refused before
 * connecting (no lookup happens for them); names through the guarded lookup; and the
 * connected socket's remote address is checked again, whatever resolved it.
 */
function guardedConnector(guard: AddressGuard, options: buildConnector.BuildOptions): buildConnector.connector {
  const inner = buildConnector(options);
  return (opts, callback) => {
    const host = opts.hostname;
    if (isIP(host) !== 0 && guard.refuses(host, host)) return callback(new PrivateAddressError(host, host), null);
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

/**
 * The resolver's default dispatcher: honours HTTP(S)_PROXY/NO_PROXY (read once, here) and
 * Node's CA store (which includes NODE_EXTRA_CA_CERTS). Through a proxy the guard sees only
 * the proxy: undici's ProxyAgent replaces the `connect` function with its CONNECT tunnel and
 * the proxy resolves the names, so private addresses are then the proxy's to refuse.
 */
export function createDispatcher(o: DispatcherOptions): Dispatcher {
  const guard = createAddressGuard(o.policy);
  const tls = { rejectUnauthorized: !o.insecure, ...(o.connect?.ca === undefined ? {} : { ca: o.connect.ca }) };
  const lookup = guardedLookup(guard, o.connect?.lookup ?? (dns.lookup as LookupFunction));
  const connect = guardedConnector(guard, { timeout: o.connectTimeoutMs, ...tls, lookup });
  // requestTls reaches the tunnelled TLS of proxied https requests, which ignore `connect`.
  return new EnvHttpProxyAgent({ connect, requestTls: tls, headersTimeout: o.headersTimeoutMs, bodyTimeout: o.requestTimeoutMs });
}
