/** The working directory globs are relative to; ESLint ≥ 8.40 sets `context.cwd`, oxlint may not. */
export function cwdOf(context: { readonly cwd?: string }): string {
  return context.cwd ?? process.cwd();
}
