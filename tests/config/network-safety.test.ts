import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, validateConfig } from '../../src/config/index.js';

describe('the network-safety settings', () => {
  it('refuses private addresses and verifies certificates by default', () => {
    expect(DEFAULT_CONFIG).toMatchObject({ allowPrivate: false, allowHosts: [], insecure: false });
  });

  it.each([
    [{ allowPrivate: 'yes' }, '"allowPrivate" must be true or false'],
    [{ insecure: 1 }, '"insecure" must be true or false'],
    [{ allowHosts: '10.0.0.0/8' }, '"allowHosts" must be a list of host names, IP addresses or CIDR ranges'],
    [{ allowHosts: ['intranet.example', '10.0.0.0/40'] }, '"allowHosts" has "10.0.0.0/40", which is not'],
    [{ allowHosts: ['http://intranet.example/'] }, '"allowHosts" has "http://intranet.example/"'],
    [{ allowHosts: [42] }, '"allowHosts" has 42'],
  ])('rejects %j naming the field', (value, message) => {
    expect(() => validateConfig(value, 'citecheck.config.json')).toThrowError(message);
  });

  it.each([
    [{ allowPrivate: true, insecure: false }],
    [{ allowHosts: ['intranet.example', '10.0.0.0/8', '192.168.1.20', 'fd00::/8'] }],
  ])('accepts %j', (value) => {
    expect(validateConfig(value, 'x')).toEqual(value);
  });
});
