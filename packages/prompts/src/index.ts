/**
 * @causal-tune/prompts: prompt templates (Alpaca, custom, chat), court prompts, verbalizers and
 * example encoding against the core Tokenizer contract.
 */

// Templates
export { defineTemplate, promptTemplateDefinitionSchema } from './templates/prompt-template.js';
export type { PromptTemplate, PromptTemplateDefinition } from './templates/prompt-template.js';
export { ALPACA_TEMPLATE, ALPACA_NO_INPUT_TEMPLATE, alpacaTemplateFor } from './templates/alpaca-templates.js';
export { BUILTIN_TEMPLATES, createTemplateRegistry, getTemplate } from './templates/template-registry.js';
export type { TemplateRegistry } from './templates/template-registry.js';
export { renderPrompt, extractResponse } from './templates/render-prompt.js';
export type { PromptVariables, RenderPromptOptions } from './templates/render-prompt.js';

// Chat templates
export { applyChatTemplate, chatMessageSchema } from './chat/chat-template.js';
export type { ApplyChatTemplateOptions, ChatMessage } from './chat/chat-template.js';
export { chatTemplateFromTokenizerConfig, readChatTemplate } from './chat/tokenizer-config.js';
export type { ChatTemplateConfig } from './chat/tokenizer-config.js';

// Court prompts
export { buildCourtPrompt, firstPartyWinnerFromAnswer, COMPLAINANT } from './court/court-prompt.js';
export type { AskedAbout, CourtPrompt, CourtPromptOptions } from './court/court-prompt.js';

// Examples from records
export { buildPromptExample, isCourtRecord } from './examples/prompt-example.js';
export type { BuildPromptExampleOptions, BuiltPromptExample, PromptExample, PromptSourceRecord } from './examples/prompt-example.js';

// Verbalizers
export { createVerbalizer, verbalizerDefinitionSchema, DEFAULT_VERBALIZER_ENTRIES, YES_NO_VERBALIZER } from './verbalizer/verbalizer.js';
export type { Verbalizer, VerbalizerDefinition, VerbalizerEntry, VerbalizerLabel } from './verbalizer/verbalizer.js';
export { verbalizerTokens, DEFAULT_ANSWER_CONTEXT } from './verbalizer/verbalizer-tokens.js';
export type { VerbalizerTokenReport, VerbalizerWarning, VerbalizerWordTokens } from './verbalizer/verbalizer-tokens.js';

// Encoding
export { continuationTokenIds } from './encoding/continuation-tokens.js';
export type { ContinuationTokens } from './encoding/continuation-tokens.js';
export { encodeExample, encodeExampleOptionsSchema, IGNORE_INDEX } from './encoding/encode-example.js';
export type { EncodeExampleOptions, EncodedExample } from './encoding/encode-example.js';
export { encodeExamples, ENCODE_EXAMPLES_TASK } from './encoding/encode-examples.js';
export { padBatch, collateBatch, padBatchOptionsSchema, resolvePadTokenId } from './encoding/pad-batch.js';
export type { PadBatchOptions, PaddedBatch, TensorBatch } from './encoding/pad-batch.js';
export { resolveKeyTokens, countKeyTokens } from './encoding/key-tokens.js';
export type { KeyTokens, ResolveKeyTokensOptions } from './encoding/key-tokens.js';

// Preview
export { previewPrompts } from './preview/preview-prompts.js';
export type { PreviewPromptsOptions, PromptPreview, PromptsPreview } from './preview/preview-prompts.js';
