import type { CliCommand } from './cli-command.js';
import { evalCommand } from './eval.js';
import { generateCommand } from './generate.js';
import { predictCommand } from './predict.js';
import { prepCommand } from './prep.js';
import { promptsCommand } from './prompts.js';
import { trainCommand } from './train.js';
import { demoCommand } from './demo.js';
import { serveCommand } from './serve.js';
import { workerCommand } from './worker.js';
import { jobCommand } from './job.js';
import { modelCommand } from './model-init.js';

/**
 * Every `ctune` command, in help order: one explicit list (no side-effect registration). Later
 * commands (model init, train, eval, predict, generate, serve, worker, job, demo) are added here.
 */
export const ALL_COMMANDS: readonly CliCommand[] = [prepCommand, promptsCommand, modelCommand, trainCommand, evalCommand, predictCommand, generateCommand, serveCommand, workerCommand, jobCommand, demoCommand];
