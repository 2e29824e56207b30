import type { LookupAddress } from 'node:dns';
import { BlockedAddressError, UnresolvableHostError, checkHost, guardedLookup, isPublicAddress, literalAddress } from './target-address';
import { createSafeHttpClient } from './safe-http';

/** A fake resolver: names used below and what they resolve to; anything else is ENOTFOUND. */
const ZONE: Record<string, LookupAddress[]> = {
  'public.example': [{ address: '93.184.216.34', family: 4 }],
  'public6.example': [{ address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 }],
  'rebind.example': [{ address: '127.0.0.1', family: 4 }],
  'metadata.example': [{ address: '169.254.169.254', family: 4 }],
  'mixed.example': [
    { address: '93.184.216.34', family: 4 },
    { address: '10.0.0.7', family: 4 },
  ],
  'mapped.example': [{ address: '::ffff:192.168.0.1', family: 6 }],
  'localhost.': [{ address: '127.0.0.1', family: 4 }],
};

jest.mock('node:dns', () => ({
  lookup: (hostname: string, _options: unknown, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => {
    const found = ZONE[hostname];
    if (found) return process.nextTick(() => callback(null, found));
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    process.nextTick(() => callback(error, []));
  },
}));

/** Every spelling of an internal address a target URL could carry, as a user would type it. */
const PRIVATE_SPELLINGS = [
  '127.0.0.1',
  '127.1',
  '2130706433',
  '0x7f.1',
  '0x7f000001',
  '0177.0.0.1',
  '017700000001',
  '127.0.0.1.',
  'localhost',
  'localhost.',
  'LOCALHOST',
  'api.localhost',
  '0.0.0.0',
  '0',
  '[::]',
  '[::1]',
  '[0:0:0:0:0:0:0:1]',
  '[::ffff:7f00:1]',
  '[::ffff:127.0.0.1]',
  '[::ffff:a9fe:a9fe]',
  '[::127.0.0.1]',
  '[64:ff9b::7f00:1]',
  '[64:ff9b::127.0.0.1]',
  '[64:ff9b:1::a00:1]',
  '[2002:7f00:1::]',
  '[2002:c0a8:101::1]',
  '[2001:0:4136:e378:8000:63bf:3fff:fdd2]',
  '[2001::1]',
  '10.0.0.1',
  '172.16.0.1',
  '172.31.255.255',
  '192.168.1.1',
  '169.254.169.254',
  '100.64.0.1',
  '100.127.255.254',
  '224.0.0.1',
  '239.255.255.250',
  '240.0.0.1',
  '255.255.255.255',
  '192.0.0.1',
  '192.0.2.1',
  '198.18.0.1',
  '198.51.100.1',
  '203.0.113.9',
  '[fc00::1]',
  '[fd12:3456:789a::1]',
  '[fe80::1]',
  '[fec0::1]',
  '[ff02::1]',
  '[100::1]',
  '[2001:db8::1]',
  '[::ffff:0:7f00:1]',
];

const PUBLIC_ADDRESSES = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '[2606:4700:4700::1111]', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8'];

describe('isPublicAddress', () => {
  it.each(PUBLIC_ADDRESSES)('lets the public address %s through', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each(PRIVATE_SPELLINGS.filter((spelling) => literalAddress(spelling) !== null))('refuses %s', (spelling) => {
    expect(isPublicAddress(literalAddress(spelling) as string)).toBe(false);
  });

  it('refuses what is not an address at all', () => {
    expect(isPublicAddress('example.com')).toBe(false);
    expect(isPublicAddress('')).toBe(false);
  });
});

describe('literalAddress', () => {
  it.each([
    ['127.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['127.0.0.1.', '127.0.0.1'],
    ['[::ffff:127.0.0.1]', '::ffff:7f00:1'],
    ['[::]', '::'],
  ])('reads %s as the address %s', (spelling, address) => {
    expect(literalAddress(spelling)).toBe(address);
  });

  it('returns null for names', () => {
    expect(literalAddress('hooks.slack.com')).toBeNull();
    expect(literalAddress('localhost')).toBeNull();
  });
});

describe('checkHost', () => {
  it.each(PRIVATE_SPELLINGS)('refuses %s when private targets are not allowed', async (spelling) => {
    await expect(checkHost(spelling, false)).rejects.toBeInstanceOf(BlockedAddressError);
  });

  it.each(PRIVATE_SPELLINGS)('refuses %s after WHATWG URL normalisation too', async (spelling) => {
    const hostname = new URL(`http://${spelling}/hook`).hostname;
    await expect(checkHost(hostname, false)).rejects.toBeInstanceOf(BlockedAddressError);
  });

  it.each(['rebind.example', 'metadata.example', 'mixed.example', 'mapped.example'])('refuses %s, a name with an internal address', async (name) => {
    await expect(checkHost(name, false)).rejects.toBeInstanceOf(BlockedAddressError);
  });

  it('refuses a name that does not resolve, saying so', async () => {
    const failure = checkHost('nowhere.invalid', false);
    await expect(failure).rejects.toBeInstanceOf(UnresolvableHostError);
    await expect(failure).rejects.toMatchObject({ code: 'ENOTFOUND', host: 'nowhere.invalid' });
  });

  it.each(['public.example', 'public6.example', '8.8.8.8', '[2606:4700:4700::1111]'])('accepts %s', async (host) => {
    await expect(checkHost(host, false)).resolves.toBeUndefined();
  });

  it('accepts anything when private targets are allowed', async () => {
    await expect(checkHost('127.0.0.1', true)).resolves.toBeUndefined();
    await expect(checkHost('localhost', true)).resolves.toBeUndefined();
  });
});

describe('guardedLookup (connection time)', () => {
  function lookup(hostname: string, allowPrivate: boolean, all: boolean): Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[] }> {
    return new Promise((resolve) => guardedLookup(allowPrivate)(hostname, { all }, (error, address) => resolve({ error, address })));
  }

  it.each(['rebind.example', 'metadata.example', 'mapped.example', 'localhost', 'localhost.'])('refuses to hand out an address for %s', async (name) => {
    const { error } = await lookup(name, false, false);
    expect(error?.code).toBe('EHERALDBLOCKED');
  });

  it('hands out only the checked public addresses of a mixed name', async () => {
    expect(await lookup('mixed.example', false, true)).toEqual({ error: null, address: [{ address: '93.184.216.34', family: 4 }] });
    expect(await lookup('mixed.example', false, false)).toEqual({ error: null, address: '93.184.216.34' });
  });

  it('passes every address through when private targets are allowed', async () => {
    expect(await lookup('rebind.example', true, false)).toEqual({ error: null, address: '127.0.0.1' });
  });
});

describe('createSafeHttpClient refuses every spelling before connecting', () => {
  const client = createSafeHttpClient({ allowPrivate: false, timeoutMs: 2_000 });

  it.each(PRIVATE_SPELLINGS)('http://%s/', async (spelling) => {
    const failure = client.post(`http://${spelling}/hook`, '{}');
    await expect(failure).rejects.toMatchObject({ name: expect.stringMatching(/BlockedAddressError|AxiosError/) });
    await failure.catch((error: NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException }) => {
      const blocked = error instanceof BlockedAddressError || error.code === 'EHERALDBLOCKED' || error.cause?.code === 'EHERALDBLOCKED';
      expect(blocked).toBe(true);
    });
  });

  it('refuses a name that rebinds to loopback', async () => {
    await expect(client.post('http://rebind.example/hook', '{}')).rejects.toMatchObject({ code: 'EHERALDBLOCKED' });
  });
});
