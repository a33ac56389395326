import { createCardProcessor } from './card';
import type { SimulatedBooks } from './simulated-books';
import type { Processor } from './types';

/** Credit cards: authorize-and-capture or authorize-only; outcomes by test number. */
export function createCreditCardProcessor(books: SimulatedBooks): Processor {
  return createCardProcessor('credit_card', books);
}
