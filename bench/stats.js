/** The median of a list of numbers (the mean of the middle two for an even count). */
export function median(values) {
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Prints a titled table of rows of cells, columns padded to width. */
export function printTable(title, rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  console.log(`\n${title}\n`);
  for (const row of rows) console.log(row.map((cell, column) => String(cell).padEnd(widths[column])).join('   '));
  console.log('');
}
