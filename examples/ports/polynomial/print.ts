/** Python's print: the parts joined by spaces (console.log by default). */
export type Print = (...parts: unknown[]) => void;
