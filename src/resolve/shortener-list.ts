import { hostIsUnder } from '../util/url.js';

// Apart from shorteners.ts so that the config (and so `citecheck parse`) can name the list
// without loading tldts's suffix table, about 100 ms of start-up.

/** Link shorteners seen in news and policy citations. Add to it when a new one turns up. */
export const SHORTENERS: readonly string[] = [
  'bit.ly', 'j.mp', 'bitly.com', 'wapo.st', 'nyti.ms', 'reut.rs', 't.co', 'goo.gl', 'ow.ly',
  'tinyurl.com', 'buff.ly', 'trib.al', 'dlvr.it', 'fb.me', 'lnkd.in', 'is.gd', 'v.gd', 'tiny.cc',
  'rebrand.ly', 'shorturl.at', 'cutt.ly', 'bl.ink', 'youtu.be', 'amzn.to', 'on.ft.com',
  'econ.st', 'bbc.in', 'cnn.it', 'apne.ws', 'politi.co', 'hill.cm', 'wp.me', 'ift.tt',
  'aje.io', 'aje.me', 'trt.world', 'fxn.ws', 'nbcnews.to', 'bloom.bg', 'gu.com',
  'ti.me', 'usat.ly', 'abcn.ws', 'cbsn.ws', 'n.pr', 'lat.ms', 'chn.ge', 's.id',
];

/** True when the URL's host is on the list (or a subdomain of a listed host). */
export function isKnownShortener(url: string, list: readonly string[] = SHORTENERS): boolean {
  return hostIsUnder(url, list);
}
