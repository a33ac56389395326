import { z } from 'zod';
import { keyedFingerprint } from './payment-details';
import type { SimulatedBooks } from './simulated-books';
import { createSimulatedProcessor } from './simulated-processor';
import { findTestInput } from './test-inputs';
import type { Processor } from './types';

export const cryptoNetworks = ['bitcoin', 'ethereum', 'usdc'] as const;
export type CryptoNetwork = (typeof cryptoNetworks)[number];

// Format checks only (no checksum): enough to catch an address pasted into the wrong network.
const BITCOIN_BECH32 = /^bc1[02-9ac-hj-np-z]{25,62}$/; // bech32 alphabet, lowercase
const BITCOIN_LEGACY = /^[13][1-9A-HJ-NP-Za-km-z]{25,34}$/; // base58, 26–35 characters
const EVM_ADDRESS = /^0x[0-9a-fA-F]{40}$/; // ethereum and USDC (an ERC-20 token)

export function cryptoAddressValid(network: CryptoNetwork, address: string): boolean {
  return network === 'bitcoin' ? BITCOIN_BECH32.test(address) || BITCOIN_LEGACY.test(address) : EVM_ADDRESS.test(address);
}

export const cryptoDetailsSchema = z
  .strictObject({ network: z.enum(cryptoNetworks), address: z.string() })
  .superRefine((details, ctx) => {
    if (!cryptoAddressValid(details.network, details.address)) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: `is not a valid ${details.network} address` });
    }
  });

/** `0x71C7…976F`: enough to recognise an address, not to pay it. */
export function shortenAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** On-chain payment: `processing` until confirmations arrive (the settle delay). */
export function createCryptoProcessor(books: SimulatedBooks): Processor {
  return createSimulatedProcessor(
    {
      method: 'crypto',
      detailsSchema: cryptoDetailsSchema,
      supportsManualCapture: false,
      settlement: 'async',
      describe: (details) => {
        // EVM addresses are case-insensitive (case is only a checksum), so fingerprint lowercase.
        const canonical = details.network === 'bitcoin' ? details.address : details.address.toLowerCase();
        return {
          stored: { network: details.network, address: shortenAddress(details.address) },
          fingerprint: keyedFingerprint(`crypto:${details.network}:${canonical}`),
        };
      },
      decide: (details) => findTestInput(['crypto'], details.address)?.outcome ?? { status: 'succeeded' },
    },
    books,
  );
}
