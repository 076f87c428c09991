import { describe, expect, it } from 'vitest';
import { redact } from './log-tail.js';

describe('redact', () => {
  it('hides passwords in URLs (DATABASE_URL) and leaves the rest readable', () => {
    expect(redact('DATABASE_URL=postgres://bench:s3cr3t@127.0.0.1:5432/books up')).toBe('DATABASE_URL=postgres://bench:***@127.0.0.1:5432/books up');
    expect(redact('postgresql://u:p%40ss@h/db and http://127.0.0.1:8000/health')).toBe('postgresql://u:***@h/db and http://127.0.0.1:8000/health');
    expect(redact('no secrets here')).toBe('no secrets here');
  });
});
