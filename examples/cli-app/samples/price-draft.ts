// Draft for next quarter: the team plan gets cheaper seats, business gets a bigger discount.
import type { PriceRules } from '../src/pricing.js';

export default {
  plans: {
    starter: { base: 2900, perSeat: 900, includedSeats: 3 },
    team: { base: 9900, perSeat: 1000, includedSeats: 10 },
    business: { base: 49900, perSeat: 1500, includedSeats: 50 },
  },
  volumeDiscounts: [
    { fromSeats: 200, percent: 20 },
    { fromSeats: 50, percent: 8 },
  ],
  exchangeRates: { eur: 1, usd: 1.08, gbp: 0.85, chf: 0.95 },
} satisfies PriceRules;
