import type { Tokenizer } from '@causal-tune/core';

/** Ids of the character tokenizer's special tokens; a character's id is its code point + 3. */
export const CHARACTER_IDS = { pad: 0, bos: 1, eos: 2, offset: 3 } as const;

/**
 * A deterministic character-level tokenizer: one token per code point, BOS like LLaMA (or none
 * like GPT-2). Token counts equal character counts, so tests can state exact lengths.
 */
export function createCharacterTokenizer(options: { readonly bos?: boolean; readonly pad?: boolean; readonly eos?: boolean } = {}): Tokenizer {
  const bos = options.bos ?? true;
  const special = new Set<number>([CHARACTER_IDS.pad, CHARACTER_IDS.bos, CHARACTER_IDS.eos]);
  return {
    encode(text, encodeOptions) {
      const ids = Array.from(text, (character) => (character.codePointAt(0) as number) + CHARACTER_IDS.offset);
      return bos && (encodeOptions?.addSpecialTokens ?? true) ? [CHARACTER_IDS.bos, ...ids] : ids;
    },
    decode(ids, decodeOptions) {
      return ids
        .filter((id) => !(decodeOptions?.skipSpecialTokens && special.has(id)))
        .map((id) => (id === CHARACTER_IDS.bos ? '<s>' : id === CHARACTER_IDS.eos ? '</s>' : id === CHARACTER_IDS.pad ? '<pad>' : String.fromCodePoint(id - CHARACTER_IDS.offset)))
        .join('');
    },
    vocabSize: 0x110000 + CHARACTER_IDS.offset,
    bosTokenId: bos ? CHARACTER_IDS.bos : null,
    eosTokenId: options.eos === false ? null : CHARACTER_IDS.eos,
    padTokenId: options.pad === false ? null : CHARACTER_IDS.pad,
    chatTemplate: null,
    specialTokens: ['<pad>', '<s>', '</s>'],
  };
}

/** The character tokenizer's ids of `text`, without BOS. */
export function characterIds(text: string): number[] {
  return Array.from(text, (character) => (character.codePointAt(0) as number) + CHARACTER_IDS.offset);
}
