/** Filling GOV.UK forms in integration tests as a browser posts them. */

/** A date as the three boxes of a GOV.UK date input post it: `name-day`, `name-month`, `name-year`. */
export const dateFields = (name: string, iso: string): Record<string, string> => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: d!, [`${name}-month`]: m!, [`${name}-year`]: y! };
};
