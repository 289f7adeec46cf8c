import { readFile } from 'node:fs/promises';
import ts from 'typescript';

/** Prices in EUR cents a month. */
export interface PriceRules {
  readonly plans: Readonly<Record<string, { readonly base: number; readonly perSeat: number; readonly includedSeats: number }>>;
  /** Largest tier first: the first that applies wins. */
  readonly volumeDiscounts: readonly { readonly fromSeats: number; readonly percent: number }[];
  /** What one EUR is in each currency the company invoices in. */
  readonly exchangeRates: Readonly<Record<string, number>>;
}

const published: PriceRules = {
  plans: {
    starter: { base: 2900, perSeat: 900, includedSeats: 3 },
    team: { base: 9900, perSeat: 1200, includedSeats: 10 },
    business: { base: 49900, perSeat: 1500, includedSeats: 50 },
  },
  volumeDiscounts: [
    { fromSeats: 200, percent: 15 },
    { fromSeats: 50, percent: 8 },
  ],
  exchangeRates: { eur: 1, usd: 1.08, gbp: 0.85, chf: 0.95 },
};

// Finance drafts price changes as a TypeScript module that default-exports its PriceRules;
// the compiler turns a draft into JavaScript that this process can import.
async function loadDraft(file: string): Promise<PriceRules> {
  const { outputText } = ts.transpileModule(await readFile(file, 'utf8'), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const draft = (await import(`data:text/javascript,${encodeURIComponent(outputText)}`)) as { default: PriceRules };
  return draft.default;
}

/**
 * The price rules in force: the published ones, or the draft that BILLING_PRICE_DRAFT names
 * (BILLING_PRICE_DRAFT=samples/price-draft.ts makes every quote come from the draft).
 */
export async function loadPriceRules(): Promise<PriceRules> {
  const draftFile = process.env.BILLING_PRICE_DRAFT;
  return draftFile === undefined ? published : loadDraft(draftFile);
}
