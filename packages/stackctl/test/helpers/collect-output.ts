// A spawned child's stdout as text, with every pid the fixtures announce (`pid <role> <n>`) added to a clean-up set.
import type { ChildHandle } from '../../src/system/platform.js';

export function collectOutput(child: ChildHandle, pids: Set<number>): { text: () => string } {
  pids.add(child.pid);
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    for (const match of text.matchAll(/^pid \S+ (\d+)$/gm)) pids.add(Number(match[1]));
  });
  child.stderr.resume();
  return { text: () => text };
}
