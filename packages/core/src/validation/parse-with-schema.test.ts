import { z } from 'zod';
import { isToolkitError } from '../errors/toolkit-error.js';
import { parseWithSchema } from './parse-with-schema.js';

const schema = z.object({ rank: z.number().int().positive(), alpha: z.number(), name: z.string().default('x') });

describe('parseWithSchema', () => {
  it('returns the parsed value with defaults', () => {
    expect(parseWithSchema(schema, { rank: 8, alpha: 16 }, 'the LoRA config')).toEqual({ rank: 8, alpha: 16, name: 'x' });
  });

  it('reports every problem at once', () => {
    try {
      parseWithSchema(schema, { rank: -4, alpha: 'big' }, 'the LoRA config');
      throw new Error('expected a failure');
    } catch (error) {
      expect(isToolkitError(error)).toBe(true);
      if (!isToolkitError(error)) return;
      expect(error.code).toBe('CONFIG_INVALID');
      expect(error.message).toContain('the LoRA config is invalid (2 problems)');
      const issues = error.details?.issues as { path: string }[];
      expect(issues.map((issue) => issue.path).sort()).toEqual(['alpha', 'rank']);
    }
  });
});
