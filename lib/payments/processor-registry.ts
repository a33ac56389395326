import type { Db } from '@/db/client';
import type { PaymentMethod } from '@/db/schema';
import { createProcessors } from './processors';
import type { Processor } from './processors/types';

const registries = new WeakMap<Db, Record<PaymentMethod, Processor>>();

export function processorFor(db: Db, method: PaymentMethod): Processor {
  let registry = registries.get(db);
  if (!registry) {
    registry = createProcessors(db);
    registries.set(db, registry);
  }
  return registry[method];
}
