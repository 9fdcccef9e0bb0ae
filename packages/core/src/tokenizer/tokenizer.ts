/**
 * The small tokenizer contract that `prompts` encodes against and `models` implements (with
 * @huggingface/transformers' AutoTokenizer). Living in core keeps `prompts` free of model code.
 */
export interface Tokenizer {
  /** Token ids of `text`; `addSpecialTokens` (default true) adds BOS where the model does. */
  encode(text: string, options?: { readonly addSpecialTokens?: boolean }): number[];
  /** Text of `ids`; `skipSpecialTokens` (default false) drops BOS, EOS and padding. */
  decode(ids: readonly number[], options?: { readonly skipSpecialTokens?: boolean }): string;
  /** Number of entries of the embedding table the ids index. */
  readonly vocabSize: number;
  readonly bosTokenId: number | null;
  readonly eosTokenId: number | null;
  /** Padding id; models without one pad with EOS, as alpaca-lora does with LLaMA. */
  readonly padTokenId: number | null;
  /** The Jinja chat template of tokenizer_config.json, when the model has one. */
  readonly chatTemplate: string | null;
  /** The token strings of special tokens (`<s>`, `</s>`, `<|endoftext|>`). */
  readonly specialTokens: readonly string[];
}
