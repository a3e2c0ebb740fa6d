/** Only same-site paths are followed after login ("//evil.example" is a URL to another host). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}
