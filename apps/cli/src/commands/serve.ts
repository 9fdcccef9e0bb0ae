import { resolve } from 'node:path';
import type { CliContext } from '../cli-context.js';
import type { CliCommand } from './cli-command.js';

/** `ctune serve [--models DIR] [--port N] [--host H] [--api-key KEY]`: the REST API until Ctrl-C. */
export const serveCommand: CliCommand = {
  name: 'serve',
  register(program, context: CliContext) {
    program
      .command('serve')
      .summary('serve runs and models over the REST API (apps/api)')
      .option('--models <dir>', 'directory whose run and model directories are served by name', 'runs')
      .option('--port <n>', 'port', '8080')
      .option('--host <address>', 'address to listen on', '127.0.0.1')
      .option('--api-key <key>', 'require this key on /v1 requests')
      .option('--dtype <name>', "precision of the frozen base weights: fp32, fp16, bf16, q8 or q4 (default: each run's own)")
      .option('--cache-dir <dir>', 'where converted or quantized weights are cached')
      .action(async (options: { models: string; port: string; host: string; apiKey?: string; dtype?: string; cacheDir?: string }) => {
        const { createPinoLogger, loadApiEnv, startServer } = await import('@causal-tune/api');
        // Flags only: the API's own CTUNE_API_* variables are for `pnpm --filter @causal-tune/api start`.
        const env = loadApiEnv({
          CTUNE_MODELS_DIR: resolve(context.cwd, options.models),
          CTUNE_API_PORT: options.port,
          CTUNE_API_HOST: options.host,
          ...(options.apiKey ? { CTUNE_API_KEY: options.apiKey } : {}),
          ...(options.dtype ? { CTUNE_DTYPE: options.dtype } : {}),
          ...(options.cacheDir ? { CTUNE_CACHE_DIR: resolve(context.cwd, options.cacheDir) } : {}),
        });
        const running = await startServer(env, createPinoLogger());
        context.stderr.write(`serving ${env.CTUNE_MODELS_DIR} at ${running.url} (Ctrl-C stops)\n`);
        await new Promise<void>((done) => {
          if (context.signal) context.signal.addEventListener('abort', () => done(), { once: true });
        });
        await running.close();
      });
  },
};
