import { Box, Text } from 'ink';
import type { KeyBinding } from '../key-bindings.js';

/** Props of {@link HelpOverlay}. */
export interface HelpOverlayProps {
  /** The screen's title. */
  readonly title: string;
  /** Keys of the screen. */
  readonly screenBindings: readonly KeyBinding[];
  /** Keys of every screen. */
  readonly globalBindings: readonly KeyBinding[];
}

function BindingList({ bindings, keyWidth }: { readonly bindings: readonly KeyBinding[]; readonly keyWidth: number }) {
  return (
    <>
      {bindings.map((binding) => (
        <Box key={binding.keys}>
          <Text color="cyan">{binding.keys.padEnd(keyWidth)}</Text>
          <Text>{binding.description}</Text>
        </Box>
      ))}
    </>
  );
}

/** The full keyboard help (`?`): every key of the screen, then the global keys. */
export function HelpOverlay({ title, screenBindings, globalBindings }: HelpOverlayProps) {
  const keyWidth = Math.max(...[...screenBindings, ...globalBindings].map((binding) => binding.keys.length)) + 2;
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Keys of the {title} screen</Text>
      <BindingList bindings={screenBindings} keyWidth={keyWidth} />
      <Text> </Text>
      <Text bold>Everywhere</Text>
      <BindingList bindings={globalBindings} keyWidth={keyWidth} />
      <Text> </Text>
      <Text dimColor>Press ? again to close.</Text>
    </Box>
  );
}
