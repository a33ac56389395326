import { integer, text } from 'drizzle-orm/sqlite-core';

/** Epoch milliseconds: cheap to index and compare; rendered as ISO 8601 at the API edge. */
export const timestamp = (name: string) => integer(name, { mode: 'number' });

/** Integer minor units (cents, yen, fils). Never a float. */
export const minorUnits = (name: string) => integer(name, { mode: 'number' });

/** JSON stored as text, typed at the edge. */
export const jsonText = <T>(name: string) => text(name, { mode: 'json' }).$type<T>();
