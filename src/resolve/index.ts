export { DEFAULT_RESOLVE_OPTIONS, NETWORK_SETTINGS, networkSettings, type HostPolicy, type NetworkSettings, type ResolveOptions } from './options.js';
export { createResolver, type Checked, type Resolver } from './resolver.js';
export { RequestNotStarted } from './gate.js';
export { checkAll, checkEach, feedingWindows, looksOffline, offlineTally, type CheckAllOptions } from './check-all.js';
export { isKnownShortener, SHORTENERS } from './shortener-list.js';
export { expandedUrl } from './shorteners.js';
export { extractPageMeta } from './page-meta.js';
export { createDispatcher, type DispatcherOptions } from './dispatcher.js';
export { createAddressGuard, isPrivateAddress, parseAllowEntry, PRIVATE_ADDRESS_CODE, type AddressPolicy } from './address-guard.js';
