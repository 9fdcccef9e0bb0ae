import { Box, Text } from 'ink';
import { SCREENS } from '../screens.js';
import type { ScreenId } from '../screens.js';

/** Props of {@link ScreenTabs}. */
export interface ScreenTabsProps {
  /** The screen shown. */
  readonly current: ScreenId;
  /** Marks the train tab while a training runs on another screen. */
  readonly training: boolean;
}

/** The top line: the program name and the numbered screens, the current one highlighted. */
export function ScreenTabs({ current, training }: ScreenTabsProps) {
  return (
    <Box>
      <Text bold color="cyan">
        ctune{' '}
      </Text>
      {SCREENS.map((screen, index) => {
        const label = ` ${index + 1} ${screen.title}${screen.id === 'train' && training ? ' ●' : ''} `;
        return screen.id === current ? (
          <Text key={screen.id} inverse bold>
            {label}
          </Text>
        ) : (
          <Text key={screen.id}>{label}</Text>
        );
      })}
    </Box>
  );
}
