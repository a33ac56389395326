import { createCardProcessor } from './card';
import type { SimulatedBooks } from './simulated-books';
import type { Processor } from './types';

/** Debit cards: like credit cards, recorded with funding 'debit'. */
export function createDebitCardProcessor(books: SimulatedBooks): Processor {
  return createCardProcessor('debit_card', books);
}
