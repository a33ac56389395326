export type MoneyErrorCode = 'amount_invalid' | 'currency_invalid';

/**
 * An input that is not an amount or not a currency. The money module runs in the browser too,
 * so it knows nothing of HTTP: the API's route wrapper renders this as a 400 with the same
 * code, message and param.
 */
export class MoneyError extends Error {
  readonly code: MoneyErrorCode;
  readonly param: string;

  constructor(code: MoneyErrorCode, message: string, param: string) {
    super(message);
    this.name = 'MoneyError';
    this.code = code;
    this.param = param;
  }
}
