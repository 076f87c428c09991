/** Replaces `{name}` placeholders; unknown names are left as they are so that a typo shows up in the log. */
export function substitute(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
}

/** Placeholders a string uses, for validating user target commands before anything starts. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}
