import { doraVariant } from './dora/variant.js';
import type { LoraVariant } from './variant.js';

/** The LoRA variants causal-tune computes: one explicit list (see LoraVariant). */
export const LORA_VARIANTS: readonly LoraVariant[] = [doraVariant];
