import { doraVariant } from './dora/variant.js';
import type { LoraVariant } from './variant.js';

/** The LoRA variants causal-tune computes: one explicit list (see LoraVariant). */
export const LORA_VARIANTS = [doraVariant] as const satisfies readonly LoraVariant[];

type Variant = (typeof LORA_VARIANTS)[number];

/** The variants' adapter_config.json flags, typed (`use_dora`). */
export type LoraVariantFlags = { [V in Variant as V['configFlag']]: V['configFlagSchema'] };

/** The variants' run options, typed (`useDora`). */
export type LoraVariantOptions = { [V in Variant as V['optionName']]: V['optionSchema'] };
