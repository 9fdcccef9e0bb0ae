#!/usr/bin/env node
// Listens: the only file that starts the server (STYLE.md: build in app.ts, listen in server.ts).
import { loadApiEnv } from './env.js';
import { createPinoLogger } from './pino-logger.js';
import { startServer } from './start-server.js';

const logger = createPinoLogger();
const running = await startServer(loadApiEnv(), logger);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info('server-stopping', { signal });
    void running.close().then(() => process.exit(0));
  });
}
