import { Box, Text } from 'ink';
import { displayPath } from '../display-path.js';
import type { RunSummary } from '../services/read-runs.js';

/** Props of {@link RunHeader}. */
export interface RunHeaderProps {
  /** The run directory; undefined when none is picked. */
  readonly runDir: string | undefined;
  /** What its files say, once read. */
  readonly summary: RunSummary | undefined;
  readonly cwd: string;
}

/** The run a screen works on: its directory, method, last step and whether it has an artifact. */
export function RunHeader({ runDir, summary, cwd }: RunHeaderProps) {
  if (runDir === undefined) {
    return <Text color="yellow">No run yet: train one (4 Train) or pick one on the Runs screen (7, enter).</Text>;
  }
  return (
    <Box>
      <Text bold>Run </Text>
      <Text color="cyan">{displayPath(runDir, cwd)}</Text>
      {summary === undefined ? null : (
        <Text>
          {' '}
          · {summary.method ?? '?'} · step {summary.lastStep} · {summary.hasArtifact ? 'adapter saved' : <Text color="yellow">no adapter (unfinished or cancelled)</Text>}
        </Text>
      )}
    </Box>
  );
}
